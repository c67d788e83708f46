package dev.stowage.oci.store;

import dev.stowage.oci.Digest;
import dev.stowage.oci.DigestAlgorithm;
import dev.stowage.oci.DigestMismatchException;
import dev.stowage.oci.OciException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A blob store in a directory: {@code blobs/<algorithm>/<hex>} (the OCI layout's own structure) plus an
 * {@code ingest/} directory on the same file system.
 *
 * <p>An ingest writes to a uniquely named temporary file while digesting, then on commit checks the expected
 * digest and size, fsyncs the file, renames it atomically over {@code blobs/<algorithm>/<hex>} and fsyncs the
 * directory (jib's {@code CacheStorageWriter}, R13). So a crash never leaves partial or wrong content under a digest
 * name, and two processes ingesting the same blob at once both succeed: the content is the same, and rename
 * replaces atomically.
 */
public final class FileBlobStore implements BlobStore {
  private static final int BUFFER = 64 * 1024;
  private final Path root;
  private final Path blobs;
  private final Path ingestDir;

  private FileBlobStore(Path root) {
    this.root = root;
    this.blobs = root.resolve("blobs");
    this.ingestDir = root.resolve("ingest");
  }

  /** Opens (creating if needed) a store rooted at {@code root}. */
  public static FileBlobStore open(Path root) {
    Objects.requireNonNull(root, "root");
    Path absolute = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute.resolve("blobs"));
    } catch (IOException e) {
      throw new UncheckedIOException("creating the blob store at " + absolute + ": " + e.getMessage(), e);
    }
    return new FileBlobStore(absolute);
  }

  /**
   * A store that already exists at {@code root}, opened for reading: nothing is created (a reader such as
   * {@code stowage scan} must leave the state directory as it found it); a missing store simply has no blobs.
   */
  public static FileBlobStore existing(Path root) {
    Objects.requireNonNull(root, "root");
    return new FileBlobStore(root.toAbsolutePath().normalize());
  }

  public Path root() {
    return root;
  }

  /** Where a blob lives (whether or not it exists); for hard-linking or zero-copy export. */
  public Path path(Digest digest) {
    return blobs.resolve(digest.algorithm().ociName()).resolve(digest.encoded());
  }

  @Override
  public Optional<Path> file(Digest digest) {
    Path file = path(digest);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  @Override
  public boolean has(Digest digest) {
    return Files.isRegularFile(path(digest));
  }

  @Override
  public long size(Digest digest) {
    try {
      return Files.size(path(digest));
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(digest, "the blob store at " + root);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the size of blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream open(Digest digest) {
    Path file = path(digest);
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      long size = channel.size();
      return new VerifyingInputStream(
          Channels.newInputStream(channel), digest, size, "blob " + digest + " in " + root);
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(digest, "the blob store at " + root);
    } catch (IOException e) {
      throw new UncheckedIOException("opening blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Ingest ingest(Optional<Digest> expected, long expectedSize) {
    Objects.requireNonNull(expected, "expected");
    try {
      Files.createDirectories(ingestDir);
      Path temp = ingestDir.resolve(UUID.randomUUID() + ".part");
      FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return new FileIngest(temp, channel, expected, expectedSize);
    } catch (IOException e) {
      throw new UncheckedIOException("starting a blob ingest in " + ingestDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean delete(Digest digest) {
    try {
      return Files.deleteIfExists(path(digest));
    } catch (IOException e) {
      throw new UncheckedIOException("deleting blob " + digest + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<Digest> list() {
    List<Digest> digests = new ArrayList<>();
    for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
      Path dir = blobs.resolve(algorithm.ociName());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (Digest.isValid(algorithm.ociName() + ":" + name) && Files.isRegularFile(entry)) {
            digests.add(new Digest(algorithm, name));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("listing " + dir + ": " + e.getMessage(), e);
      }
    }
    digests.sort(null);
    return digests;
  }

  /**
   * Deletes ingest files older than {@code age}, left by processes that crashed; returns how many. Recent ones are
   * kept because another process may still be writing them.
   */
  public int purgeStaleIngests(Duration age) {
    if (!Files.isDirectory(ingestDir)) {
      return 0;
    }
    FileTime limit = FileTime.from(Instant.now().minus(age));
    int purged = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(ingestDir, "*.part")) {
      for (Path entry : entries) {
        try {
          if (Files.getLastModifiedTime(entry).compareTo(limit) < 0 && Files.deleteIfExists(entry)) {
            purged++;
          }
        } catch (NoSuchFileException raced) {
          // another process committed or purged it
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("purging " + ingestDir + ": " + e.getMessage(), e);
    }
    return purged;
  }

  @Override
  public String toString() {
    return "FileBlobStore[" + root + "]";
  }

  private final class FileIngest extends Ingest {
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream sink;
    private final DigestingOutputStream digesting;
    private final Optional<Digest> expected;
    private final long expectedSize;
    private boolean done;

    FileIngest(Path temp, FileChannel channel, Optional<Digest> expected, long expectedSize) {
      this.temp = temp;
      this.channel = channel;
      this.expected = expected;
      this.expectedSize = expectedSize;
      this.sink = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
      this.digesting = new DigestingOutputStream(
          sink, expected.map(Digest::algorithm).orElse(DigestAlgorithm.SHA256));
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (done) {
        throw new IOException("this ingest was already committed or discarded");
      }
      if (expectedSize >= 0 && digesting.count() + len > expectedSize) {
        close();
        throw new DigestMismatchException("blob " + expected.map(Digest::toString).orElse("being ingested")
            + " is longer than its expected " + expectedSize + " bytes", expected.orElse(null));
      }
      digesting.write(b, off, len);
    }

    @Override
    public long bytesWritten() {
      return digesting.count();
    }

    @Override
    public BlobInfo commit() {
      if (done) {
        throw new IllegalStateException("this ingest was already committed or discarded");
      }
      try {
        digesting.flush();
        BlobInfo info = digesting.info();
        if (expectedSize >= 0 && info.size() != expectedSize) {
          throw new DigestMismatchException("blob " + expected.map(Digest::toString).orElse(info.digest().toString())
              + " is truncated: expected " + expectedSize + " bytes, got " + info.size(), expected.orElse(info.digest()));
        }
        if (expected.isPresent() && !expected.get().equals(info.digest())) {
          throw new DigestMismatchException("blob " + expected.get() + " is corrupt: the content received has digest "
              + info.digest(), expected.get());
        }
        channel.force(true);
        channel.close();
        Path target = path(info.digest());
        Files.createDirectories(target.getParent());
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
          throw new OciException("committing blob " + info.digest() + ": cannot rename atomically from " + temp
              + " to " + target + " (the ingest directory must be on the same file system)", e);
        }
        syncDirectory(target.getParent());
        done = true;
        return info;
      } catch (IOException e) {
        throw new UncheckedIOException("committing blob into " + root + ": " + e.getMessage(), e);
      } finally {
        if (!done) {
          close();
        }
      }
    }

    @Override
    public void close() {
      if (done) {
        return;
      }
      done = true;
      try {
        channel.close();
      } catch (IOException ignored) {
        // the file is being discarded
      }
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        throw new UncheckedIOException("discarding " + temp + ": " + e.getMessage(), e);
      }
    }
  }

  private static void syncDirectory(Path dir) {
    // Makes the rename durable; some file systems refuse to open a directory, which is harmless to skip.
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException ignored) {
      // best effort
    }
  }
}
