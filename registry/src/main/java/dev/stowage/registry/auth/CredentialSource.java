package dev.stowage.registry.auth;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where the credential for a registry comes from: docker's config.json, the command line, or nowhere. */
@FunctionalInterface
public interface CredentialSource {
  /**
   * The credential for {@code registry} ({@code host[:port]}, e.g. {@code localhost:5000} or {@code docker.io}),
   * or empty to go anonymous.
   *
   * @throws CredentialException when a configured source cannot be read (a broken file, a failing helper)
   */
  Optional<Credential> credentialFor(String registry);

  /** No credentials for any registry. */
  static CredentialSource anonymous() {
    return registry -> Optional.empty();
  }

  /** Fixed credentials per registry, e.g. from command-line flags; names compare case-insensitively. */
  static CredentialSource of(Map<String, Credential> byRegistry) {
    Map<String, Credential> copy =
        byRegistry.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
    return registry -> Optional.ofNullable(copy.get(registry.toLowerCase(Locale.ROOT)));
  }

  /** This source, and {@code next} for registries this one has nothing for. */
  default CredentialSource orElse(CredentialSource next) {
    return registry -> credentialFor(registry).or(() -> next.credentialFor(registry));
  }
}
