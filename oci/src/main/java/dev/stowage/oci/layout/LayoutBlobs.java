package dev.stowage.oci.layout;

import dev.stowage.oci.Digest;
import dev.stowage.oci.archive.TarIndex;
import dev.stowage.oci.store.BlobNotFoundException;
import dev.stowage.oci.store.BlobSource;
import dev.stowage.oci.store.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The {@code blobs/<algorithm>/<hex>} of a layout, in a directory or an indexed tar; every read is verified. */
abstract sealed class LayoutBlobs implements BlobSource {
  static String blobPath(Digest digest) {
    return "blobs/" + digest.algorithm().ociName() + "/" + digest.encoded();
  }

  static LayoutBlobs directory(Path root) {
    return new InDirectory(root);
  }

  static LayoutBlobs tar(TarIndex index) {
    return new InTar(index);
  }

  static final class InDirectory extends LayoutBlobs {
    private final Path root;

    InDirectory(Path root) {
      this.root = root;
    }

    @Override
    public boolean has(Digest digest) {
      return Files.isRegularFile(root.resolve(blobPath(digest)));
    }

    @Override
    public long size(Digest digest) {
      try {
        return Files.size(root.resolve(blobPath(digest)));
      } catch (NoSuchFileException e) {
        throw new BlobNotFoundException(digest, "the OCI layout " + root);
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + blobPath(digest) + " in " + root + ": " + e.getMessage(), e);
      }
    }

    @Override
    public InputStream open(Digest digest) {
      Path file = root.resolve(blobPath(digest));
      try {
        return new VerifyingInputStream(Files.newInputStream(file), digest, Files.size(file),
            "blob " + digest + " in the OCI layout " + root);
      } catch (NoSuchFileException e) {
        throw new BlobNotFoundException(digest, "the OCI layout " + root);
      } catch (IOException e) {
        throw new UncheckedIOException("opening " + file + ": " + e.getMessage(), e);
      }
    }
  }

  static final class InTar extends LayoutBlobs {
    private final TarIndex index;

    InTar(TarIndex index) {
      this.index = index;
    }

    @Override
    public boolean has(Digest digest) {
      return index.member(blobPath(digest)).isPresent();
    }

    @Override
    public long size(Digest digest) {
      return member(digest).size();
    }

    @Override
    public InputStream open(Digest digest) {
      TarIndex.Member member = member(digest);
      return new VerifyingInputStream(index.open(member), digest, member.size(),
          "blob " + digest + " in " + index.file());
    }

    private TarIndex.Member member(Digest digest) {
      return index.member(blobPath(digest)).orElseThrow(() -> new BlobNotFoundException(digest, index.file().toString()));
    }
  }
}
