package dev.stowage.oci;

import java.util.List;
import java.util.Objects;

/** The config's {@code rootfs}: the type (always {@code layers}) and the DiffIDs of the uncompressed layers. */
public record RootFs(String type, List<Digest> diffIds) {
  public static final String LAYERS = "layers";

  public RootFs {
    Objects.requireNonNull(type, "type");
    diffIds = List.copyOf(diffIds);
  }

  public static RootFs of(List<Digest> diffIds) {
    return new RootFs(LAYERS, diffIds);
  }
}
