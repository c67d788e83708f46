package dev.stowage.engine.cache;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HMAC of each secret a RUN step mounts, by secret id, for a by-content key ({@link StepKeys#run(
 * dev.stowage.oci.Digest, dev.stowage.engine.plan.PlannedStep.Run, String, java.util.List, SecretFingerprints)}).
 * An id without one is a secret that was not provided (an optional mount). Shows nothing of the HMACs in
 * {@link #toString()}: they feed a key and nothing else.
 */
public final class SecretFingerprints {
  private final Map<String, byte[]> byId;

  private SecretFingerprints(Map<String, byte[]> byId) {
    this.byId = byId;
  }

  /** The fingerprints given, by secret id (copied). */
  public static SecretFingerprints of(Map<String, byte[]> byId) {
    Map<String, byte[]> copy = new HashMap<>();
    byId.forEach((id, hmac) -> copy.put(id, hmac.clone()));
    return new SecretFingerprints(copy);
  }

  /** The fingerprint of the secret {@code id}, or empty when the build was given no such secret. */
  Optional<byte[]> of(String id) {
    return Optional.ofNullable(byId.get(id)).map(byte[]::clone);
  }

  @Override
  public String toString() {
    return "SecretFingerprints[" + byId.size() + " secrets]";
  }
}
