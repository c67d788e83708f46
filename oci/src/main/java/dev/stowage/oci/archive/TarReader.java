package dev.stowage.oci.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A streaming tar reader for USTAR, PAX (local and global headers, {@code SCHILY.xattr.*} with binary values) and
 * GNU (long names, base-256 numbers) archives. It reads each entry's content through a bounded stream and never
 * buffers content. Truncation, bad checksums, oversized special headers and sparse files are reported as
 * {@link TarFormatException}s naming the entry and offset.
 *
 * <p>Paths are returned as written (minus trailing slashes): deciding whether a path is safe is the extractor's job.
 */
public final class TarReader implements AutoCloseable {
  private static final int BLOCK = TarWriter.BLOCK;
  /** Like Go's {@code maxSpecialFileSize}: PAX and GNU long-name headers are read into memory, so they are capped. */
  private static final int MAX_SPECIAL = 1 << 20;

  private final InputStream in;
  private final String source;
  private final Map<String, byte[]> globalPax = new HashMap<>();
  private long globalPaxBytes;
  private long offset;
  private long contentRemaining;
  private long paddingRemaining;
  private TarHeader current;
  private long currentDataOffset;
  private boolean ended;

  /** @param source how to name the archive in errors, e.g. "layer sha256:..." */
  public TarReader(InputStream in, String source) {
    this.in = in;
    this.source = source;
  }

  /** The next entry's header, skipping any unread content of the previous one; null at the end of the archive. */
  public TarHeader next() {
    if (ended) {
      return null;
    }
    skipRest();
    String longName = null;
    String longLink = null;
    Map<String, byte[]> pax = new HashMap<>();
    while (true) {
      long headerOffset = offset;
      byte[] block = new byte[BLOCK];
      int n = readFully(block, 0, BLOCK);
      if (n == 0) {
        // A clean end without the zero blocks: tolerated, as Go and GNU tar do.
        ended = true;
        current = null;
        return null;
      }
      if (n < BLOCK) {
        throw truncated("a header", headerOffset);
      }
      if (isZero(block)) {
        ended = true;
        current = null;
        return null;
      }
      verifyChecksum(block, headerOffset);
      char flag = (char) block[156];
      long size = parseNumber(block, 124, 12, headerOffset, "size");
      switch (flag) {
        case 'x', 'g' -> {
          Map<String, byte[]> records = parsePax(readSpecial(size, headerOffset, "PAX header"), headerOffset);
          if (flag == 'g') {
            globalPaxBytes += size;
            if (globalPaxBytes > MAX_SPECIAL) {
              throw new TarFormatException(source + ": global PAX headers exceed " + MAX_SPECIAL
                  + " bytes in total (offset " + headerOffset + ")");
            }
            globalPax.putAll(records);
          } else {
            pax.putAll(records);
          }
          continue;
        }
        case 'L' -> {
          longName = cString(readSpecial(size, headerOffset, "GNU long name"));
          continue;
        }
        case 'K' -> {
          longLink = cString(readSpecial(size, headerOffset, "GNU long link name"));
          continue;
        }
        default -> { }
      }
      Map<String, byte[]> merged = new HashMap<>(globalPax);
      merged.putAll(pax);
      current = buildHeader(block, flag, size, longName, longLink, merged, headerOffset);
      currentDataOffset = offset;
      contentRemaining = current.size();
      paddingRemaining = TarWriter.padding(contentRemaining);
      return current;
    }
  }

  /** A stream over the current entry's content (empty for non-files); reading past it returns end of stream. */
  public InputStream content() {
    if (current == null) {
      throw new IllegalStateException("no current entry");
    }
    return new InputStream() {
      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (contentRemaining <= 0) {
          return -1;
        }
        int want = (int) Math.min(len, contentRemaining);
        int n = readSome(b, off, want);
        if (n < 0) {
          throw truncated("the content of " + current.path() + " (" + contentRemaining + " bytes missing)", offset);
        }
        contentRemaining -= n;
        return n;
      }
    };
  }

  /**
   * Reads whatever follows the end of the archive (padding, a compression trailer) to the end of the stream, so a
   * verifying stream underneath gets to check its digest. Call it after {@link #next()} returned null.
   */
  public void readToEnd() {
    skipRest();
    current = null;
    byte[] buffer = new byte[8192];
    while (readSome(buffer, 0, buffer.length) >= 0) {
      // discarded
    }
    ended = true;
  }

  /** The offset in the tar stream where the current entry's content starts. */
  public long contentOffset() {
    return currentDataOffset;
  }

  /** Bytes consumed from the underlying stream so far. */
  public long offset() {
    return offset;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TarHeader buildHeader(
      byte[] block, char flag, long size, String longName, String longLink, Map<String, byte[]> pax, long at) {
    EntryType type = switch (flag) {
      case '0', '\0', '7' -> EntryType.FILE;
      case '1' -> EntryType.HARDLINK;
      case '2' -> EntryType.SYMLINK;
      case '3' -> EntryType.CHAR_DEVICE;
      case '4' -> EntryType.BLOCK_DEVICE;
      case '5' -> EntryType.DIRECTORY;
      case '6' -> EntryType.FIFO;
      case 'S' -> throw new TarFormatException(source + ": entry at offset " + at
          + " is a GNU sparse file, which layers must not contain");
      default -> throw new TarFormatException(source + ": entry at offset " + at + " has unsupported tar type '"
          + printable(flag) + "'");
    };
    for (String key : pax.keySet()) {
      if (key.startsWith("GNU.sparse.")) {
        throw new TarFormatException(source + ": entry at offset " + at
            + " is a PAX sparse file, which layers must not contain");
      }
    }
    boolean gnu = block[257] == 'u' && block[262] == ' ';
    String name = string(block, 0, 100);
    if (!gnu && block[257] == 'u') {
      String prefix = string(block, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
    }
    if (longName != null) {
      name = longName;
    }
    name = text(pax, "path", name);
    String link = longLink != null ? longLink : string(block, 157, 100);
    link = text(pax, "linkpath", link);
    long uid = number(pax, "uid", parseNumber(block, 108, 8, at, "uid"), at);
    long gid = number(pax, "gid", parseNumber(block, 116, 8, at, "gid"), at);
    size = number(pax, "size", size, at);
    if (size < 0) {
      throw new TarFormatException(source + ": entry " + name + " at offset " + at + " has a negative size");
    }
    Instant mtime = pax.containsKey("mtime")
        ? paxTime(text(pax, "mtime", "0"), at)
        : Instant.ofEpochSecond(parseNumber(block, 136, 12, at, "mtime"));
    String uname = text(pax, "uname", string(block, 265, 32));
    String gname = text(pax, "gname", string(block, 297, 32));
    int mode = (int) (parseNumber(block, 100, 8, at, "mode") & 07777);
    int major = type.isDevice() ? (int) parseNumber(block, 329, 8, at, "devmajor") : 0;
    int minor = type.isDevice() ? (int) parseNumber(block, 337, 8, at, "devminor") : 0;
    List<Xattr> xattrs = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : pax.entrySet()) {
      if (e.getKey().startsWith("SCHILY.xattr.") && e.getKey().length() > "SCHILY.xattr.".length()) {
        xattrs.add(new Xattr(e.getKey().substring("SCHILY.xattr.".length()), e.getValue()));
      }
    }
    while (name.endsWith("/") && name.length() > 1) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.isEmpty()) {
      throw new TarFormatException(source + ": entry at offset " + at + " has an empty name");
    }
    if ((type == EntryType.SYMLINK || type == EntryType.HARDLINK) && link.isEmpty()) {
      throw new TarFormatException(source + ": " + type.name().toLowerCase() + " " + name + " at offset " + at
          + " has no link target");
    }
    // Header-only types carry no data, whatever the size field says (as Go reads them).
    long contentSize = type.hasContent() ? size : 0;
    return new TarHeader(name, type, mode, uid, gid, uname, gname, contentSize, mtime, link, major, minor, xattrs);
  }

  private Map<String, byte[]> parsePax(byte[] data, long at) {
    Map<String, byte[]> records = new HashMap<>();
    int pos = 0;
    while (pos < data.length) {
      if (data[pos] == 0) {
        break; // trailing NUL padding some writers add
      }
      int space = indexOf(data, (byte) ' ', pos);
      if (space < 0) {
        throw badPax(at);
      }
      int length;
      try {
        length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw badPax(at);
      }
      int end = pos + length;
      if (length <= 0 || end > data.length || data[end - 1] != '\n') {
        throw badPax(at);
      }
      int equals = indexOf(data, (byte) '=', space + 1);
      if (equals < 0 || equals >= end) {
        throw badPax(at);
      }
      String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
      byte[] value = java.util.Arrays.copyOfRange(data, equals + 1, end - 1);
      records.put(key, value);
      pos = end;
    }
    return records;
  }

  private TarFormatException badPax(long at) {
    return new TarFormatException(source + ": malformed PAX header at offset " + at);
  }

  private byte[] readSpecial(long size, long at, String what) {
    if (size > MAX_SPECIAL) {
      throw new TarFormatException(source + ": " + what + " at offset " + at + " is " + size
          + " bytes, more than the " + MAX_SPECIAL + " allowed");
    }
    byte[] data = new byte[(int) size];
    if (readFully(data, 0, data.length) < data.length) {
      throw truncated(what, at);
    }
    skipBytes(TarWriter.padding(size), what, at);
    return data;
  }

  private void skipRest() {
    if (current == null) {
      return;
    }
    skipBytes(contentRemaining + paddingRemaining, "the content of " + current.path(), currentDataOffset);
    contentRemaining = 0;
    paddingRemaining = 0;
  }

  private void skipBytes(long count, String what, long at) {
    byte[] buffer = new byte[8192];
    long left = count;
    while (left > 0) {
      int n = readSome(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw truncated(what, at);
      }
      left -= n;
    }
  }

  private int readSome(byte[] b, int off, int len) {
    try {
      int n = in.read(b, off, len);
      if (n > 0) {
        offset += n;
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + source + " at offset " + offset + ": " + e.getMessage(), e);
    }
  }

  private int readFully(byte[] b, int off, int len) {
    int total = 0;
    while (total < len) {
      int n = readSome(b, off + total, len - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  private TarFormatException truncated(String what, long at) {
    return new TarFormatException(source + " is truncated: the stream ended inside " + what + " (offset " + at + ")");
  }

  private void verifyChecksum(byte[] block, long at) {
    long recorded = parseNumber(block, 148, 8, at, "checksum");
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = (i >= 148 && i < 156) ? ' ' : block[i];
      unsigned += b & 0xff;
      signed += b;
    }
    if (recorded != unsigned && recorded != signed) {
      throw new TarFormatException(source + ": invalid tar header at offset " + at
          + " (checksum mismatch): the data is corrupt or not a tar archive");
    }
  }

  /** Octal (NUL/space padded) or GNU base-256 (high bit of the first byte set). */
  private long parseNumber(byte[] block, int offset, int length, long at, String field) {
    if ((block[offset] & 0x80) != 0) {
      if ((block[offset] & 0x40) != 0) {
        throw new TarFormatException(source + ": negative " + field + " in header at offset " + at);
      }
      long value = block[offset] & 0x3f;
      for (int i = 1; i < length; i++) {
        if (value > (Long.MAX_VALUE >> 8)) {
          throw new TarFormatException(source + ": " + field + " too large in header at offset " + at);
        }
        value = (value << 8) | (block[offset + i] & 0xff);
      }
      return value;
    }
    long value = 0;
    int i = offset;
    int end = offset + length;
    while (i < end && (block[i] == ' ' || block[i] == 0)) {
      i++;
    }
    boolean any = false;
    for (; i < end && block[i] != 0 && block[i] != ' '; i++) {
      int digit = block[i] - '0';
      if (digit < 0 || digit > 7) {
        throw new TarFormatException(source + ": invalid " + field + " field in header at offset " + at);
      }
      if (value > (Long.MAX_VALUE >> 3)) {
        throw new TarFormatException(source + ": " + field + " too large in header at offset " + at);
      }
      value = (value << 3) | digit;
      any = true;
    }
    return any ? value : 0;
  }

  private long number(Map<String, byte[]> pax, String key, long fallback, long at) {
    if (!pax.containsKey(key)) {
      return fallback;
    }
    String text = new String(pax.get(key), StandardCharsets.US_ASCII);
    try {
      long value = Long.parseLong(text);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new TarFormatException(source + ": PAX " + key + " '" + text + "' at offset " + at
          + " is not a non-negative integer");
    }
  }

  private Instant paxTime(String text, long at) {
    try {
      int dot = text.indexOf('.');
      if (dot < 0) {
        return Instant.ofEpochSecond(Long.parseLong(text));
      }
      long seconds = Long.parseLong(text.substring(0, dot));
      String fraction = (text.substring(dot + 1) + "000000000").substring(0, 9);
      long nanos = Long.parseLong(fraction);
      return text.startsWith("-") ? Instant.ofEpochSecond(seconds, -nanos) : Instant.ofEpochSecond(seconds, nanos);
    } catch (NumberFormatException e) {
      throw new TarFormatException(source + ": PAX mtime '" + text + "' at offset " + at + " is not a time");
    }
  }

  private static String text(Map<String, byte[]> pax, String key, String fallback) {
    byte[] value = pax.get(key);
    return value == null ? fallback : new String(value, StandardCharsets.UTF_8);
  }

  private static String string(byte[] block, int offset, int length) {
    int end = offset;
    while (end < offset + length && block[end] != 0) {
      end++;
    }
    return new String(block, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static String cString(byte[] data) {
    int end = 0;
    while (end < data.length && data[end] != 0) {
      end++;
    }
    return new String(data, 0, end, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] data, byte value, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c);
  }
}
