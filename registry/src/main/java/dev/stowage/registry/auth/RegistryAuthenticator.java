package dev.stowage.registry.auth;

import dev.stowage.registry.RegistryException;
import dev.stowage.registry.RegistryException.Failure;
import java.util.List;
import java.util.Optional;

/**
 * The authentication state of one registry: the challenge it last sent (Basic or Bearer), its credential (looked
 * up once, lazily) and, through the {@link TokenExchanger}, its tokens. Gives the Authorization header to send
 * up front when it already knows one, and answers a 401's challenges.
 */
public final class RegistryAuthenticator {
  private final String registry;
  private final CredentialSource credentials;
  private final TokenExchanger tokens;
  private volatile Challenge known;
  private volatile Optional<Credential> credential;

  public RegistryAuthenticator(String registry, CredentialSource credentials, TokenExchanger tokens) {
    this.registry = registry;
    this.credentials = credentials;
    this.tokens = tokens;
  }

  public String registry() {
    return registry;
  }

  /** Remembers the registry's challenges, e.g. from the 401 of a ping of {@code /v2/}. */
  public void learn(List<Challenge> challenges) {
    pick(challenges).ifPresent(c -> known = c);
  }

  /**
   * The Authorization header for a request needing {@code scopes}, when it can be given without asking the
   * registry first: Basic once the registry asked for Basic, Bearer when a usable token is cached.
   */
  public Optional<String> authorization(List<String> scopes) {
    Challenge challenge = known;
    if (challenge == null) {
      return Optional.empty();
    }
    if (challenge.isBasic()) {
      return credential().map(Credential::basicAuthorization);
    }
    return tokens.cached(registry, scopes).map(BearerToken::authorization);
  }

  /**
   * Answers a 401: picks Bearer or Basic among {@code challenges} and returns the Authorization header to retry
   * with.
   *
   * @param failure the context of the 401, for the exception when no answer is possible
   * @throws RegistryException.Unauthorized when there is no credential for a Basic challenge, the challenge is of
   *     an unknown scheme, or the token service refuses
   */
  public String answer(List<Challenge> challenges, List<String> scopes, Failure failure) {
    Challenge challenge =
        pick(challenges).orElseThrow(() -> new RegistryException.Unauthorized(failure, challenges.isEmpty()
            ? "the registry " + registry + " requires authentication but sent no challenge"
            : "the registry " + registry + " asks for an unsupported authentication scheme '"
                + challenges.get(0).scheme() + "'"));
    known = challenge;
    if (challenge.isBasic()) {
      return credential().map(Credential::basicAuthorization).orElseThrow(() ->
          new RegistryException.Unauthorized(failure, "the registry " + registry + " requires a login; run"
              + " 'stowage login " + registry + "' (or docker login), or pass credentials for it"));
    }
    tokens.forget(registry, scopes);
    return tokens.exchange(registry, challenge, scopes, credential(), failure.action()).authorization();
  }

  /** Whether a credential is known for this registry (for messages: "the credentials were refused"). */
  public boolean hasCredential() {
    return credential().isPresent();
  }

  private Optional<Credential> credential() {
    Optional<Credential> c = credential;
    if (c == null) {
      synchronized (this) {
        if (credential == null) {
          credential = credentials.credentialFor(registry);
        }
        c = credential;
      }
    }
    return c;
  }

  private static Optional<Challenge> pick(List<Challenge> challenges) {
    return challenges.stream()
        .filter(Challenge::isBearer)
        .findFirst()
        .or(() -> challenges.stream().filter(Challenge::isBasic).findFirst());
  }
}
