package dev.stowage.oci.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deterministic tar writer: USTAR headers when the values fit, a PAX extended header (records sorted by key)
 * for what does not (long or non-ASCII names and link targets, big ids and sizes, xattrs as
 * {@code SCHILY.xattr.*} with binary values), and an end of two zero blocks, as Go's {@code archive/tar} writes
 * them. It writes exactly the metadata it is given: normalising it is the caller's job ({@link LayerWriter}).
 */
public final class TarWriter implements AutoCloseable {
  static final int BLOCK = 512;
  private static final long MAX_OCTAL_7 = 07777777L;
  private static final long MAX_OCTAL_11 = 077777777777L;
  private static final byte[] ZEROS = new byte[BLOCK * 2];

  private final OutputStream out;
  private long written;
  private long remaining = -1;
  private long entryPadding;
  private String currentPath;
  private boolean finished;

  public TarWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes the header of an entry; a regular file's {@code size} content bytes must follow via {@link #write}. */
  public void putEntry(TarHeader header) {
    if (remaining > 0) {
      throw new IllegalStateException("entry " + currentPath + " is missing " + remaining + " content bytes");
    }
    if (finished) {
      throw new IllegalStateException("the tar stream is already finished");
    }
    closeEntry();
    String name = header.type() == EntryType.DIRECTORY ? header.path() + "/" : header.path();
    Map<String, byte[]> pax = new TreeMap<>();
    byte[] nameBytes = utf8(name);
    if (nameBytes.length > 100 || !isAscii(nameBytes)) {
      pax.put("path", nameBytes);
    }
    byte[] linkBytes = utf8(header.linkTarget());
    if (linkBytes.length > 100 || !isAscii(linkBytes)) {
      pax.put("linkpath", linkBytes);
    }
    if (header.uid() > MAX_OCTAL_7) {
      pax.put("uid", utf8(Long.toString(header.uid())));
    }
    if (header.gid() > MAX_OCTAL_7) {
      pax.put("gid", utf8(Long.toString(header.gid())));
    }
    if (header.size() > MAX_OCTAL_11) {
      pax.put("size", utf8(Long.toString(header.size())));
    }
    long mtime = header.mtime().getEpochSecond();
    if (mtime < 0 || mtime > MAX_OCTAL_11) {
      pax.put("mtime", utf8(Long.toString(mtime)));
    }
    byte[] uname = utf8(header.uname());
    if (uname.length > 32 || !isAscii(uname)) {
      pax.put("uname", uname);
    }
    byte[] gname = utf8(header.gname());
    if (gname.length > 32 || !isAscii(gname)) {
      pax.put("gname", gname);
    }
    if (header.devMajor() > MAX_OCTAL_7 || header.devMinor() > MAX_OCTAL_7 || header.devMajor() < 0
        || header.devMinor() < 0) {
      throw new IllegalArgumentException("device numbers of " + header.path() + " do not fit a tar header");
    }
    for (Xattr xattr : header.xattrs()) {
      pax.put("SCHILY.xattr." + xattr.name(), xattr.value());
    }
    try {
      if (!pax.isEmpty()) {
        writePax(name, pax);
      }
      byte[] block = new byte[BLOCK];
      putString(block, 0, 100, nameBytes);
      putOctal(block, 100, 8, header.mode());
      putOctal(block, 108, 8, header.uid() > MAX_OCTAL_7 ? 0 : header.uid());
      putOctal(block, 116, 8, header.gid() > MAX_OCTAL_7 ? 0 : header.gid());
      putOctal(block, 124, 12, header.size() > MAX_OCTAL_11 ? 0 : header.size());
      putOctal(block, 136, 12, mtime < 0 || mtime > MAX_OCTAL_11 ? 0 : mtime);
      block[156] = (byte) header.type().flag();
      putString(block, 157, 100, linkBytes);
      putString(block, 257, 6, utf8("ustar\0"));
      block[263] = '0';
      block[264] = '0';
      putString(block, 265, 32, uname);
      putString(block, 297, 32, gname);
      putOctal(block, 329, 8, header.devMajor());
      putOctal(block, 337, 8, header.devMinor());
      writeChecksum(block);
      out.write(block);
      written += BLOCK;
    } catch (IOException e) {
      throw new UncheckedIOException("writing the tar header of " + header.path() + ": " + e.getMessage(), e);
    }
    currentPath = header.path();
    remaining = header.size();
    entryPadding = padding(header.size());
  }

  /** Writes content bytes of the current regular file. */
  public void write(byte[] b, int off, int len) {
    if (len > remaining || remaining < 0) {
      throw new IllegalStateException("entry " + currentPath + " got more content than its declared size");
    }
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the content of " + currentPath + ": " + e.getMessage(), e);
    }
    remaining -= len;
    written += len;
  }

  /** Content bytes the current entry still expects. */
  public long remaining() {
    return Math.max(remaining, 0);
  }

  private void closeEntry() {
    if (remaining > 0) {
      throw new IllegalStateException("entry " + currentPath + " is missing " + remaining + " content bytes");
    }
    if (remaining == 0 && entryPadding > 0) {
      try {
        out.write(ZEROS, 0, (int) entryPadding);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      written += entryPadding;
    }
    remaining = -1;
    entryPadding = 0;
  }

  /** Ends the archive with two zero blocks; the underlying stream stays open. */
  public void finish() {
    if (finished) {
      return;
    }
    closeEntry();
    try {
      out.write(ZEROS);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("finishing the tar stream: " + e.getMessage(), e);
    }
    written += ZEROS.length;
    finished = true;
  }

  /** Adds a 0644 root-owned file with {@code content}, mtime 0 (for archive members: manifests, configs). */
  public void putFile(String path, byte[] content) {
    putEntry(TarHeader.file(path, 0644, content.length));
    write(content, 0, content.length);
  }

  /** Adds a 0644 root-owned file of {@code size} bytes copied from {@code content}, which must hold exactly that. */
  public void putFile(String path, long size, InputStream content) {
    putEntry(TarHeader.file(path, 0644, size));
    byte[] buffer = new byte[64 * 1024];
    try {
      while (remaining > 0) {
        int n = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw new IllegalStateException(path + " ended " + remaining + " bytes short of its size " + size);
        }
        write(buffer, 0, n);
      }
      if (content.read() >= 0) {
        throw new IllegalStateException(path + " has more than its declared " + size + " bytes");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("copying " + path + " into the archive: " + e.getMessage(), e);
    }
  }

  /**
   * Adds a 0644 root-owned file of {@code size} bytes, the whole of {@code content} (a file of exactly that size).
   * Into a {@link FileSink} the kernel copies the bytes; anything else gets them through a buffer.
   */
  public void putFile(String path, long size, FileChannel content) {
    try {
      if (content.size() != size) {
        throw new IllegalStateException(path + " has " + content.size() + " bytes, not its declared " + size);
      }
      if (!(out instanceof FileSink sink)) {
        putFile(path, size, java.nio.channels.Channels.newInputStream(content.position(0)));
        return;
      }
      putEntry(TarHeader.file(path, 0644, size));
      sink.transferFrom(content, size);
      remaining = 0;
      written += size;
    } catch (IOException e) {
      throw new UncheckedIOException("copying " + path + " into the archive: " + e.getMessage(), e);
    }
  }

  /** Adds a 0755 root-owned directory, mtime 0. */
  public void putDirectory(String path) {
    putEntry(TarHeader.directory(path, 0755));
  }

  /** Bytes of tar written so far. */
  public long bytesWritten() {
    return written;
  }

  /** Finishes the archive and closes the underlying stream. */
  @Override
  public void close() {
    try {
      finish();
    } finally {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void writePax(String name, Map<String, byte[]> records) throws IOException {
    java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> record : records.entrySet()) {
      data.write(paxRecord(record.getKey(), record.getValue()));
    }
    byte[] body = data.toByteArray();
    int slash = name.lastIndexOf('/', name.endsWith("/") ? name.length() - 2 : name.length() - 1);
    String dir = slash < 0 ? "" : name.substring(0, slash + 1);
    String base = slash < 0 ? name : name.substring(slash + 1);
    byte[] paxName = asciiPrefix(dir + "PaxHeaders.0/" + base, 100);
    byte[] block = new byte[BLOCK];
    putString(block, 0, 100, paxName);
    putOctal(block, 100, 8, 0644);
    putOctal(block, 108, 8, 0);
    putOctal(block, 116, 8, 0);
    putOctal(block, 124, 12, body.length);
    putOctal(block, 136, 12, 0);
    block[156] = 'x';
    putString(block, 257, 6, utf8("ustar\0"));
    block[263] = '0';
    block[264] = '0';
    putOctal(block, 329, 8, 0);
    putOctal(block, 337, 8, 0);
    writeChecksum(block);
    out.write(block);
    out.write(body);
    int pad = (int) padding(body.length);
    out.write(ZEROS, 0, pad);
    written += BLOCK + body.length + pad;
  }

  /** {@code "<len> <key>=<value>\n"} where len counts the whole record, its own digits included. */
  static byte[] paxRecord(String key, byte[] value) {
    byte[] keyBytes = utf8(key);
    int base = keyBytes.length + value.length + 3; // ' ', '=', '\n'
    int length = base + Integer.toString(base).length();
    if (Integer.toString(length).length() != Integer.toString(base).length()) {
      length = base + Integer.toString(length).length();
    }
    byte[] prefix = utf8(length + " " + key + "=");
    byte[] record = new byte[length];
    System.arraycopy(prefix, 0, record, 0, prefix.length);
    System.arraycopy(value, 0, record, prefix.length, value.length);
    record[length - 1] = '\n';
    return record;
  }

  static long padding(long size) {
    long rest = size % BLOCK;
    return rest == 0 ? 0 : BLOCK - rest;
  }

  private static void writeChecksum(byte[] block) {
    for (int i = 148; i < 156; i++) {
      block[i] = ' ';
    }
    long sum = 0;
    for (byte b : block) {
      sum += b & 0xff;
    }
    putOctal(block, 148, 7, sum);
    block[155] = ' ';
  }

  /** Go's {@code formatOctal}: zero-padded octal digits, then a NUL in the last byte. */
  private static void putOctal(byte[] block, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    int width = length - 1;
    if (digits.length() > width) {
      throw new IllegalArgumentException("value " + value + " does not fit " + width + " octal digits");
    }
    for (int i = 0; i < width - digits.length(); i++) {
      block[offset + i] = '0';
    }
    for (int i = 0; i < digits.length(); i++) {
      block[offset + width - digits.length() + i] = (byte) digits.charAt(i);
    }
    block[offset + width] = 0;
  }

  private static void putString(byte[] block, int offset, int length, byte[] value) {
    System.arraycopy(value, 0, block, offset, Math.min(length, value.length));
  }

  private static byte[] asciiPrefix(String text, int max) {
    byte[] bytes = utf8(text);
    byte[] result = new byte[Math.min(bytes.length, max)];
    for (int i = 0; i < result.length; i++) {
      result[i] = bytes[i] >= 0x20 && bytes[i] < 0x7f ? bytes[i] : (byte) '_';
    }
    return result;
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0x20 || b == 0x7f) {
        return false; // negative bytes are non-ASCII; control characters go to PAX as well
      }
    }
    return true;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
