package dev.stowage.oci.store;

import dev.stowage.oci.Digest;
import dev.stowage.oci.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Content that can write itself to a stream, with explicit re-readability (jib's {@code Blob}, R2): a file,
 * bytes and a stored blob can be written any number of times; a one-shot stream only once, and a second attempt
 * fails at once instead of silently writing nothing.
 */
public sealed interface Blob permits Blob.FileBlob, Blob.BytesBlob, Blob.StoredBlob, Blob.StreamBlob {

  /** Whether {@link #writeTo} may be called more than once. */
  boolean isRetryable();

  /** The digest and size when known before writing (bytes, stored blobs); empty for files and streams. */
  Optional<BlobInfo> knownInfo();

  /** Writes the whole content and returns the sha256 digest and size of what was written. */
  BlobInfo writeTo(OutputStream out);

  static Blob of(byte[] content) {
    return new BytesBlob(content);
  }

  static Blob of(Path file) {
    return new FileBlob(file);
  }

  /** A blob of a store or archive, known by digest and size; reading verifies it. */
  static Blob of(BlobSource source, Digest digest, long size) {
    return new StoredBlob(source, digest, size);
  }

  /** A one-shot blob: the stream is read (and closed) by the first {@link #writeTo}. */
  static Blob ofStream(InputStream stream) {
    return new StreamBlob(stream, new AtomicBoolean());
  }

  /** A file read from disk at each write. */
  record FileBlob(Path file) implements Blob {
    public FileBlob {
      Objects.requireNonNull(file, "file");
    }

    @Override
    public boolean isRetryable() {
      return true;
    }

    @Override
    public Optional<BlobInfo> knownInfo() {
      return Optional.empty();
    }

    @Override
    public BlobInfo writeTo(OutputStream out) {
      try (InputStream in = Files.newInputStream(file)) {
        return copy(in, out);
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /** Bytes held in memory (only small content: manifests, configs). */
  record BytesBlob(byte[] content) implements Blob {
    public BytesBlob {
      content = content.clone();
    }

    @Override
    public boolean isRetryable() {
      return true;
    }

    @Override
    public Optional<BlobInfo> knownInfo() {
      return Optional.of(new BlobInfo(Digest.sha256(content), content.length));
    }

    @Override
    public BlobInfo writeTo(OutputStream out) {
      try {
        out.write(content);
      } catch (IOException e) {
        throw new UncheckedIOException("writing " + content.length + " bytes: " + e.getMessage(), e);
      }
      return knownInfo().orElseThrow();
    }

    @Override
    public byte[] content() {
      return content.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BytesBlob other && java.util.Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(content);
    }

    @Override
    public String toString() {
      return "BytesBlob[" + content.length + " bytes]";
    }
  }

  /** A blob of a {@link BlobSource}; every write verifies the content against the digest. */
  record StoredBlob(BlobSource source, Digest digest, long size) implements Blob {
    public StoredBlob {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(digest, "digest");
    }

    @Override
    public boolean isRetryable() {
      return true;
    }

    @Override
    public Optional<BlobInfo> knownInfo() {
      return Optional.of(new BlobInfo(digest, size));
    }

    @Override
    public BlobInfo writeTo(OutputStream out) {
      try (InputStream in = source.open(digest)) {
        in.transferTo(out);
      } catch (IOException e) {
        throw new UncheckedIOException("copying blob " + digest + ": " + e.getMessage(), e);
      }
      return new BlobInfo(digest, size);
    }
  }

  /** A stream that can be written once. */
  record StreamBlob(InputStream stream, AtomicBoolean consumed) implements Blob {
    public StreamBlob {
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(consumed, "consumed");
    }

    @Override
    public boolean isRetryable() {
      return false;
    }

    @Override
    public Optional<BlobInfo> knownInfo() {
      return Optional.empty();
    }

    @Override
    public BlobInfo writeTo(OutputStream out) {
      if (!consumed.compareAndSet(false, true)) {
        throw new IllegalStateException(
            "this blob is a one-shot stream and was already written once; store it first to read it again");
      }
      try (InputStream in = stream) {
        return copy(in, out);
      } catch (IOException e) {
        throw new UncheckedIOException("reading a blob stream: " + e.getMessage(), e);
      }
    }
  }

  private static BlobInfo copy(InputStream in, OutputStream out) throws IOException {
    DigestingOutputStream digesting = new DigestingOutputStream(out, DigestAlgorithm.SHA256);
    in.transferTo(digesting);
    digesting.flush();
    return digesting.info();
  }
}
