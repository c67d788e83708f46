package dev.stowage.scan.input;

import dev.stowage.oci.image.Image;
import dev.stowage.oci.store.BlobSource;
import java.util.Objects;

/**
 * An opened image: a name for the report, the manifest and config, and where its layer blobs are read from (one at
 * a time, streaming, verified). Close it to release the archive, connection or temporary file behind it.
 */
public final class ScanTarget implements AutoCloseable {
  private final String name;
  private final Image image;
  private final BlobSource blobs;
  private final AutoCloseable resources;

  public ScanTarget(String name, Image image, BlobSource blobs, AutoCloseable resources) {
    this.name = Objects.requireNonNull(name, "name");
    this.image = Objects.requireNonNull(image, "image");
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.resources = Objects.requireNonNull(resources, "resources");
  }

  public String name() {
    return name;
  }

  public Image image() {
    return image;
  }

  public BlobSource blobs() {
    return blobs;
  }

  @Override
  public void close() {
    try {
      resources.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("closing " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ScanTarget[" + name + "]";
  }
}
