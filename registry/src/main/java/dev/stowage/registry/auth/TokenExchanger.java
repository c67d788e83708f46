package dev.stowage.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.registry.RegistryError;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.RegistryException.Failure;
import dev.stowage.registry.RegistryHosts;
import dev.stowage.registry.UrlRedaction;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exchanges credentials for Bearer tokens at the realm a registry's challenge names (the distribution token
 * spec): a GET with {@code service} and {@code scope} parameters and Basic auth (anonymous without
 * credentials), or, for an identity token, the OAuth2 POST with {@code grant_type=refresh_token}. Tokens are
 * cached per (registry, scopes) in this instance only, never in a static cache, until shortly before they expire.
 */
public final class TokenExchanger {
  /** The spec's default lifetime when a token response gives none. */
  private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

  private static final Duration MAX_EARLY_REFRESH = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_BODY = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final RegistryHosts hosts;
  private final Clock clock;
  private final Map<Key, BearerToken> cache = new ConcurrentHashMap<>();

  public TokenExchanger(HttpClient http, RegistryHosts hosts, Clock clock) {
    this.http = http;
    this.hosts = hosts;
    this.clock = clock;
  }

  private record Key(String registry, List<String> scopes) {}

  /** A cached, still usable token for these scopes, without any network traffic. */
  public Optional<BearerToken> cached(String registry, List<String> scopes) {
    Key key = new Key(registry, Scopes.normalize(scopes));
    BearerToken token = cache.get(key);
    if (token != null && !token.isUsableAt(clock.instant())) {
      cache.remove(key, token);
      return Optional.empty();
    }
    return Optional.ofNullable(token);
  }

  /** Forgets the token for these scopes, e.g. after the registry rejected it. */
  public void forget(String registry, List<String> scopes) {
    cache.remove(new Key(registry, Scopes.normalize(scopes)));
  }

  /**
   * Fetches a token for {@code scopes} (plus any the challenge itself names) and caches it under {@code
   * scopes}.
   *
   * @param action what the caller is doing, for messages
   */
  public BearerToken exchange(
      String registry, Challenge challenge, List<String> scopes, Optional<Credential> credential, String action) {
    String realmText =
        challenge.realm().orElseThrow(() -> new RegistryException.ProtocolViolation(Failure.of(action),
            "the registry " + registry + " asked for a Bearer token but named no realm to get it from"));
    URI realm;
    try {
      realm = URI.create(realmText);
    } catch (IllegalArgumentException e) {
      throw new RegistryException.ProtocolViolation(Failure.of(action),
          "the registry " + registry + " named an invalid token realm " + UrlRedaction.redact(realmText));
    }
    if (!realm.isAbsolute() || !List.of("http", "https").contains(realm.getScheme().toLowerCase())) {
      throw new RegistryException.ProtocolViolation(Failure.of(action), "the registry " + registry
          + " named a token realm that is not an http(s) URL: " + UrlRedaction.redact(realmText));
    }
    if (credential.isPresent() && !hosts.mayCarryCredentials(realm)) {
      throw new RegistryException.Unauthorized(Failure.of(action), "refusing to send the credentials for "
          + registry + " to the token service " + UrlRedaction.redact(realm)
          + " over plain HTTP; use an HTTPS realm or add its host to --insecure-registry");
    }
    List<String> all = new ArrayList<>(scopes);
    for (String s : challenge.scopes()) {
      if (!all.contains(s)) {
        all.add(s);
      }
    }
    BearerToken token =
        credential.filter(Credential::isIdentityToken).isPresent()
            ? refreshTokenGrant(registry, realm, challenge, all, credential.get(), action)
            : tokenGet(registry, realm, challenge, all, credential, action);
    cache.put(new Key(registry, Scopes.normalize(scopes)), token);
    return token;
  }

  private BearerToken tokenGet(
      String registry, URI realm, Challenge challenge, List<String> scopes, Optional<Credential> credential,
      String action) {
    StringBuilder query = new StringBuilder();
    challenge.service().ifPresent(s -> appendParam(query, "service", s));
    for (String scope : scopes) {
      appendParam(query, "scope", scope);
    }
    credential.ifPresent(c -> appendParam(query, "account", c.username()));
    URI uri = withQuery(realm, query.toString());
    HttpRequest.Builder request = request(uri).GET();
    credential.ifPresent(c -> request.header("Authorization", c.basicAuthorization()));
    return send(registry, request.build(), credential.isPresent(), action);
  }

  private BearerToken refreshTokenGrant(
      String registry, URI realm, Challenge challenge, List<String> scopes, Credential identity, String action) {
    StringBuilder form = new StringBuilder();
    appendParam(form, "grant_type", "refresh_token");
    challenge.service().ifPresent(s -> appendParam(form, "service", s));
    appendParam(form, "client_id", "stowage");
    if (!scopes.isEmpty()) {
      appendParam(form, "scope", String.join(" ", scopes));
    }
    appendParam(form, "refresh_token", identity.passwordText());
    HttpRequest request =
        request(realm)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
            .build();
    return send(registry, request, true, action);
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
    if ("http".equalsIgnoreCase(uri.getScheme())) {
      builder.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade attempts on plain HTTP
    }
    return builder;
  }

  private BearerToken send(String registry, HttpRequest request, boolean withCredentials, String action) {
    String where = UrlRedaction.redact(request.uri());
    HttpResponse<InputStream> response;
    byte[] body;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_BODY);
      }
    } catch (IOException e) {
      throw new RegistryException.Unavailable(
          new Failure(action, request.method(), where, 0, List.of()),
          "could not reach the token service for " + registry + " (" + e.getClass().getSimpleName() + ": "
              + UrlRedaction.scrub(e.getMessage()) + ")",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException.Unavailable(
          new Failure(action, request.method(), where, 0, List.of()), "interrupted", e);
    }
    int status = response.statusCode();
    Failure failure = new Failure(action, request.method(), where, status, RegistryError.listFrom(body));
    if (status == 401 || status == 403) {
      throw new RegistryException.Unauthorized(failure, withCredentials
          ? "the token service refused the credentials for " + registry
          : "the token service refused anonymous access to " + registry + "; log in to it first");
    }
    if (status == 429) {
      throw new RegistryException.TooManyRequests(failure, "the token service for " + registry
          + " is rate limiting us");
    }
    if (status >= 500) {
      throw new RegistryException.Unavailable(failure, "the token service for " + registry + " failed", null);
    }
    if (status != 200) {
      throw new RegistryException.ProtocolViolation(failure,
          "the token service for " + registry + " answered with an unexpected status");
    }
    return parseToken(body, failure, registry);
  }

  private BearerToken parseToken(byte[] body, Failure failure, String registry) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      throw new RegistryException.ProtocolViolation(failure,
          "the token service for " + registry + " answered with invalid JSON");
    }
    String token = text(json, "token").or(() -> text(json, "access_token")).orElseThrow(() ->
        new RegistryException.ProtocolViolation(failure,
            "the token service for " + registry + " answered without a token or access_token"));
    Duration lifetime = DEFAULT_LIFETIME;
    JsonNode expires = json == null ? null : json.get("expires_in");
    if (expires != null && expires.canConvertToLong() && expires.asLong() > 0) {
      lifetime = Duration.ofSeconds(expires.asLong());
    }
    Instant issued = clock.instant();
    // Refresh a little early so a token never expires between the cache lookup and the request.
    Duration fifth = lifetime.dividedBy(5);
    Duration early = fifth.compareTo(MAX_EARLY_REFRESH) < 0 ? fifth : MAX_EARLY_REFRESH;
    return new BearerToken(token, issued.plus(lifetime).minus(early));
  }

  private static Optional<String> text(JsonNode json, String field) {
    if (json == null || !json.hasNonNull(field) || !json.get(field).isTextual()) {
      return Optional.empty();
    }
    return Optional.of(json.get(field).asText()).filter(s -> !s.isEmpty());
  }

  private static void appendParam(StringBuilder query, String name, String value) {
    if (!query.isEmpty()) {
      query.append('&');
    }
    query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  private static URI withQuery(URI realm, String query) {
    if (query.isEmpty()) {
      return realm;
    }
    String base = realm.toString();
    int hash = base.indexOf('#');
    if (hash >= 0) {
      base = base.substring(0, hash);
    }
    return URI.create(base + (realm.getRawQuery() == null ? "?" : "&") + query);
  }
}
