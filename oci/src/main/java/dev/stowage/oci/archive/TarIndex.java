package dev.stowage.oci.archive;

import dev.stowage.oci.OciException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Random access to the regular files of an uncompressed tar archive (an image archive, not a layer): one pass
 * records where each member's content starts, then any member can be read as a stream straight from the file,
 * several at once, without unpacking anything. Member names are normalised ({@code ./} and leading {@code /}
 * stripped).
 */
public final class TarIndex implements AutoCloseable {
  /** A regular file in the archive: where its content starts and how long it is. */
  public record Member(String name, long offset, long size) {}

  private final Path file;
  private final FileChannel channel;
  private final Map<String, Member> members;

  private TarIndex(Path file, FileChannel channel, Map<String, Member> members) {
    this.file = file;
    this.channel = channel;
    this.members = members;
  }

  /** Indexes {@code file}; a compressed archive is refused with a hint to decompress it first. */
  public static TarIndex open(Path file) {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new UncheckedIOException("opening " + file + ": " + e.getMessage(), e);
    }
    try {
      byte[] head = new byte[4];
      int n = channel.read(ByteBuffer.wrap(head), 0);
      Compression compression = Compression.detect(head, Math.max(n, 0));
      if (compression != Compression.NONE) {
        throw new OciException(file + " is a " + compression.name().toLowerCase()
            + "-compressed archive; decompress it first (e.g. " + (compression == Compression.GZIP ? "gunzip" : "unzstd")
            + "), so its members can be read without unpacking");
      }
      Map<String, Member> members = new LinkedHashMap<>();
      TarReader reader = new TarReader(Channels.newInputStream(channel.position(0)), file.toString());
      TarHeader header;
      while ((header = reader.next()) != null) {
        if (header.type() == EntryType.FILE) {
          String name = normalize(header.path());
          members.put(name, new Member(name, reader.contentOffset(), header.size()));
        }
      }
      return new TarIndex(file, channel, Collections.unmodifiableMap(members));
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  static String normalize(String name) {
    List<String> parts = LayerPaths.components(name);
    return parts == null ? name : String.join("/", parts);
  }

  public Optional<Member> member(String name) {
    return Optional.ofNullable(members.get(normalize(name)));
  }

  /** Every regular file, in archive order. */
  public Map<String, Member> members() {
    return members;
  }

  /** The content of a member, read with positional reads (safe to have several open). */
  public InputStream open(Member member) {
    return new InputStream() {
      private long position = member.offset();
      private final long end = member.offset() + member.size();

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (position >= end) {
          return -1;
        }
        int want = (int) Math.min(len, end - position);
        int n = channel.read(ByteBuffer.wrap(b, off, want), position);
        if (n < 0) {
          throw new IOException(file + " is truncated inside " + member.name());
        }
        position += n;
        return n;
      }
    };
  }

  /** Reads a small member (a manifest, a config) into memory; refuses one larger than {@code limit}. */
  public byte[] readSmall(Member member, int limit) {
    if (member.size() > limit) {
      throw new OciException(member.name() + " in " + file + " is " + member.size() + " bytes, more than the "
          + limit + " expected of a metadata file");
    }
    try (InputStream in = open(member)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + member.name() + " from " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing useful to do
    }
  }

}
