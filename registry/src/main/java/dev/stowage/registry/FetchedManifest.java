package dev.stowage.registry;

import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaType;
import java.util.Arrays;
import java.util.Objects;

/**
 * A manifest or index exactly as the registry sent it: its media type, bytes and digest (verified against the
 * requested digest or the registry's Docker-Content-Digest header).
 */
public record FetchedManifest(MediaType mediaType, byte[] bytes, Digest digest) {
  public FetchedManifest {
    Objects.requireNonNull(mediaType, "mediaType");
    bytes = bytes.clone();
    Objects.requireNonNull(digest, "digest");
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public long size() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FetchedManifest other && mediaType.equals(other.mediaType) && digest.equals(other.digest)
        && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "FetchedManifest[" + mediaType + ", " + digest + ", " + bytes.length + " bytes]";
  }
}
