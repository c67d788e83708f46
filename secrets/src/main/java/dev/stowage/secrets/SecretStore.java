package dev.stowage.secrets;

import java.util.Optional;
import java.util.Set;

/** The secrets available to a build, by id. The engine asks for a value only when a step mounts it. */
public interface SecretStore {
  /**
   * The value of {@code id}, or empty when no secret of that id was provided. The store owns the value: do
   * not close it; closing the store zero-fills it.
   *
   * @throws SecretSourceException when the secret was provided but reading it fails
   */
  Optional<SecretValue> get(SecretId id);

  /** The ids this store can answer, so a missing required secret is reported before anything runs. */
  Set<SecretId> ids();
}
