package dev.stowage.engine.copy;

import dev.stowage.oci.Digest;
import java.util.List;
import java.util.Objects;

/**
 * What a copy did.
 *
 * @param entries entries written in the destination (files, directories, links, nodes; unpacked archive entries)
 * @param bytes regular-file bytes written
 * @param sourceDigest the digest of what was selected (see {@link Copier#digest}), for the build cache
 * @param warnings one line each about what could not be copied faithfully (a socket, an xattr)
 */
public record CopyResult(long entries, long bytes, Digest sourceDigest, List<String> warnings) {
  public CopyResult {
    Objects.requireNonNull(sourceDigest, "sourceDigest");
    warnings = List.copyOf(warnings);
  }
}
