package dev.stowage.oci.archive;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.store.BlobSource;
import java.io.InputStream;

/** Reading a layer blob as its uncompressed tar. */
public final class Layers {
  private Layers() {}

  /**
   * The uncompressed tar of a layer of {@code source}, whatever its compression (detected by magic). The blob's
   * digest is verified when the stream reaches its end, so read it to the end (with
   * {@link TarReader#readToEnd()} after the last entry) before trusting what it held. Closing it closes the blob.
   */
  public static InputStream openUncompressed(BlobSource source, Descriptor layer) {
    if (layer.mediaType().isForeignLayer() && !source.has(layer.digest())) {
      throw new dev.stowage.oci.store.BlobNotFoundException(layer.digest(), "this source (a foreign layer, to be "
          + "fetched from " + (layer.urls().isEmpty() ? "elsewhere" : layer.urls().get(0)) + ")");
    }
    InputStream blob = source.open(layer.digest());
    return new DrainAtEnd(Compression.detectAndDecompress(blob), blob);
  }

  /** At the end of the uncompressed data, reads the rest of the blob so that its digest is checked. */
  private static final class DrainAtEnd extends java.io.FilterInputStream {
    private final InputStream blob;

    DrainAtEnd(InputStream uncompressed, InputStream blob) {
      super(uncompressed);
      this.blob = blob;
    }

    @Override
    public int read() throws java.io.IOException {
      int b = in.read();
      if (b < 0) {
        blob.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      int n = in.read(b, off, len);
      if (n < 0) {
        blob.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return n;
    }
  }

  /** A reader of the layer's entries; see {@link #openUncompressed} about verification. */
  public static TarReader reader(BlobSource source, Descriptor layer) {
    return new TarReader(openUncompressed(source, layer), "layer " + layer.digest());
  }
}
