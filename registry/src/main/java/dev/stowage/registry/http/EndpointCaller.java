package dev.stowage.registry.http;

import dev.stowage.registry.RegistryError;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.RegistryException.Failure;
import dev.stowage.registry.RegistryHosts;
import dev.stowage.registry.UrlRedaction;
import dev.stowage.registry.auth.Challenge;
import dev.stowage.registry.auth.RegistryAuthenticator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Sends an {@link Endpoint}'s request to one registry and turns the outcome into its result or a {@link
 * RegistryException}. Around the request it:
 *
 * <ul>
 *   <li>sends the Authorization header it already knows, answers a 401's challenge once (Basic, or a Bearer
 *       token for the endpoint's scopes) and sends again;
 *   <li>follows redirects itself (the client never does), at most five, for GET and HEAD only, dropping the
 *       Authorization header as soon as the origin changes, and refusing a downgrade from HTTPS to HTTP;
 *   <li>retries 429 (honouring Retry-After up to a cap), 5xx and broken connections within a {@link
 *       RetryPolicy}; 5xx and broken connections only for idempotent requests whose body can be sent again.
 * </ul>
 *
 * URLs in messages and debug logs are redacted; header values are never logged.
 */
public final class EndpointCaller {
  private static final System.Logger LOG = System.getLogger(EndpointCaller.class.getName());
  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(60);
  /** Bodies get extra time to be sent: the client's timeout runs until the response headers arrive. */
  private static final long ASSUMED_MIN_BYTES_PER_SECOND = 100_000;

  private static final String USER_AGENT = "stowage";
  /** Codes meaning the thing asked for does not exist (MANIFEST_BLOB_UNKNOWN, by contrast, rejects a push). */
  private static final Set<String> NOT_FOUND_CODES =
      Set.of("NAME_UNKNOWN", "MANIFEST_UNKNOWN", "BLOB_UNKNOWN", "BLOB_UPLOAD_UNKNOWN");

  private final HttpClient http;
  private final URI base;
  private final RegistryHosts hosts;
  private final RegistryAuthenticator auth;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final Clock clock;

  public EndpointCaller(
      HttpClient http,
      URI base,
      RegistryHosts hosts,
      RegistryAuthenticator auth,
      RetryPolicy retry,
      Sleeper sleeper,
      Clock clock) {
    this.http = http;
    this.base = base;
    this.hosts = hosts;
    this.auth = auth;
    this.retry = retry;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /** A client as this class expects it: redirects never followed by the client itself. */
  public static HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(30))
        .build();
  }

  public URI base() {
    return base;
  }

  public String registry() {
    return auth.registry();
  }

  public RegistryAuthenticator authenticator() {
    return auth;
  }

  /** Performs the endpoint's request, with authentication, redirects and retries. */
  public <T> T call(Endpoint<T> endpoint) {
    URI uri = endpoint.uri(base);
    Optional<String> answered = Optional.empty();
    int attempt = 0;
    while (true) {
      attempt++;
      Optional<String> authorization = answered.or(() -> auth.authorization(endpoint.scopes()));
      Response response;
      try {
        response = exchange(endpoint, uri, authorization);
      } catch (IOException e) {
        if (mayRetry(endpoint, attempt, true)) {
          LOG.log(System.Logger.Level.DEBUG, () -> endpoint.method() + " " + UrlRedaction.redact(uri)
              + " broke (" + e.getClass().getSimpleName() + "), retrying");
          pause(retry.backoff(attempt), endpoint, uri);
          continue;
        }
        throw brokenConnection(endpoint, uri, attempt, e);
      }
      try (response) {
        int status = response.statusCode();
        LOG.log(System.Logger.Level.DEBUG, () -> endpoint.method() + " " + UrlRedaction.redact(response.uri())
            + " -> " + status);
        if (status == 401 && answered.isEmpty()) {
          List<Challenge> challenges = Challenge.parseAll(response.headers().allValues("WWW-Authenticate"));
          Failure failure = failure(endpoint, response, readErrors(response));
          answered = Optional.of(auth.answer(challenges, endpoint.scopes(), failure));
          if (!endpoint.body().map(RequestBody::canSend).orElse(true)) {
            throw new RegistryException.Unauthorized(failure, "the registry asked for authentication after a"
                + " one-shot body was sent; it cannot be sent again");
          }
          attempt--; // answering a challenge is not a failed attempt
          continue;
        }
        if (endpoint.handles(status)) {
          try {
            return endpoint.handle(response);
          } catch (IOException e) {
            if (mayRetry(endpoint, attempt, true)) {
              pause(retry.backoff(attempt), endpoint, uri);
              continue;
            }
            throw brokenConnection(endpoint, response.uri(), attempt, e);
          }
        }
        List<RegistryError> errors = readErrors(response);
        if (status == 429 && mayRetry(endpoint, attempt, false)) {
          Duration wait = retryAfter(response).orElse(retry.backoff(attempt));
          if (wait.compareTo(retry.maxRetryAfter()) <= 0) {
            pause(wait, endpoint, uri);
            continue;
          }
          throw new RegistryException.TooManyRequests(failure(endpoint, response, errors),
              "the registry is rate limiting us and asked to wait " + wait.toSeconds() + " s; try again later");
        }
        if (status >= 500 && status != 501 && status != 505 && mayRetry(endpoint, attempt, true)) {
          pause(retry.backoff(attempt), endpoint, uri);
          continue;
        }
        throw toException(endpoint, response, errors, attempt, answered.isPresent());
      }
    }
  }

  private boolean mayRetry(Endpoint<?> endpoint, int attempt, boolean needsIdempotence) {
    return attempt < retry.maxAttempts()
        && (!needsIdempotence || endpoint.isIdempotent())
        && endpoint.body().map(RequestBody::canSend).orElse(true);
  }

  /** One request, following redirects; the returned response is not a redirect we could follow. */
  private Response exchange(Endpoint<?> endpoint, URI uri, Optional<String> authorization)
      throws IOException {
    String method = endpoint.method();
    URI current = uri;
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(current).header("User-Agent", USER_AGENT);
      if ("http".equalsIgnoreCase(current.getScheme())) {
        request.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade: registries do not speak it
      }
      if (!endpoint.accept().isEmpty()) {
        request.header("Accept", String.join(", ", endpoint.accept()));
      }
      for (Map.Entry<String, String> h : endpoint.headers().entrySet()) {
        request.header(h.getKey(), h.getValue());
      }
      // Credentials go only to the registry's own origin: never along a redirect to a storage back-end.
      if (authorization.isPresent() && sameOrigin(current, base)) {
        request.header("Authorization", authorization.get());
      }
      RequestBody body = endpoint.body().orElse(null);
      RequestBody.Publishing publishing = null;
      if (body != null && hop == 0) {
        publishing = body.publish();
        request.header("Content-Type", body.contentType()).method(method, publishing.publisher());
        request.timeout(HEADERS_TIMEOUT.plusSeconds(body.length() / ASSUMED_MIN_BYTES_PER_SECOND));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody()).timeout(HEADERS_TIMEOUT);
      }
      HttpResponse<InputStream> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        RuntimeException localFailure = publishing == null ? null : publishing.failure().get();
        if (localFailure != null) {
          throw localFailure; // reading our own content failed: that, not the connection, is the problem
        }
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException.Unavailable(
            new Failure(endpoint.action(), method, UrlRedaction.redact(current), 0, List.of()), "interrupted", e);
      } finally {
        if (publishing != null) {
          publishing.cleanup().run();
        }
      }
      int status = response.statusCode();
      Optional<String> location = response.headers().firstValue("Location");
      boolean followable = (method.equals("GET") || method.equals("HEAD")) && isRedirect(status);
      if (!followable || location.isEmpty() || hop >= MAX_REDIRECTS) {
        return new Response(status, response.headers(), current, response.body());
      }
      response.body().close();
      URI next = resolve(current, location.get(), endpoint);
      if ("https".equalsIgnoreCase(current.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())
          && !hosts.mayCarryCredentials(next)) {
        throw new RegistryException.ProtocolViolation(
            new Failure(endpoint.action(), method, UrlRedaction.redact(current), status, List.of()),
            "the registry redirected from HTTPS to the insecure " + UrlRedaction.redact(next) + "; refusing to follow");
      }
      URI from = current;
      LOG.log(System.Logger.Level.DEBUG, () -> method + " " + UrlRedaction.redact(from) + " -> " + status
          + " redirect to " + UrlRedaction.redact(next));
      current = next;
    }
  }

  private static URI resolve(URI current, String location, Endpoint<?> endpoint) {
    try {
      URI next = current.resolve(location.strip());
      if (!next.isAbsolute() || next.getHost() == null
          || !List.of("http", "https").contains(next.getScheme().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return next;
    } catch (IllegalArgumentException e) {
      throw new RegistryException.ProtocolViolation(
          new Failure(endpoint.action(), endpoint.method(), UrlRedaction.redact(current), 0, List.of()),
          "the registry redirected to an invalid location " + UrlRedaction.redact(location));
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** Same scheme, host and port: the only case in which credentials go along with a redirect. */
  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** Retry-After as seconds or an HTTP date; empty when absent or unreadable. */
  private Optional<Duration> retryAfter(Response response) {
    Optional<String> value = response.header("Retry-After").map(String::strip);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      long seconds = Long.parseLong(value.get());
      return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  private void pause(Duration wait, Endpoint<?> endpoint, URI uri) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException.Unavailable(
          new Failure(endpoint.action(), endpoint.method(), UrlRedaction.redact(uri), 0, List.of()),
          "interrupted while waiting to retry", e);
    }
  }

  private static List<RegistryError> readErrors(Response response) {
    try (InputStream in = response.body()) {
      return RegistryError.listFrom(in.readNBytes(MAX_ERROR_BODY));
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Failure failure(Endpoint<?> endpoint, Response response, List<RegistryError> errors) {
    return new Failure(
        endpoint.action(), endpoint.method(), UrlRedaction.redact(response.uri()), response.statusCode(), errors);
  }

  private RegistryException brokenConnection(Endpoint<?> endpoint, URI uri, int attempts, IOException e) {
    String what = e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + UrlRedaction.scrub(e.getMessage());
    String hint = e instanceof SSLException && "https".equalsIgnoreCase(base.getScheme())
        ? "; if " + registry() + " speaks plain HTTP, name it with --insecure-registry" : "";
    return new RegistryException.Unavailable(
        new Failure(endpoint.action(), endpoint.method(), UrlRedaction.redact(uri), 0, List.of()),
        "could not talk to the registry " + registry() + " (" + what + ")" + afterAttempts(attempts) + hint, e);
  }

  private RegistryException toException(
      Endpoint<?> endpoint, Response response, List<RegistryError> errors, int attempts, boolean answeredChallenge) {
    Failure failure = failure(endpoint, response, errors);
    int status = response.statusCode();
    boolean unknown = errors.stream().anyMatch(e -> NOT_FOUND_CODES.contains(e.code()));
    if (status == 401) {
      return new RegistryException.Unauthorized(failure, !answeredChallenge
          ? "the registry refused the request as unauthenticated"
          : auth.hasCredential()
              ? "the registry did not accept the credentials for " + registry()
                  + " (or they do not grant this access)"
              : endpoint.scopes().stream().anyMatch(s -> s.endsWith(",push"))
                  ? "anonymous access was refused; pushing needs a login ('stowage login " + registry() + "')"
                  : "anonymous access was refused; the repository may not exist or may need a login"
                      + " ('stowage login " + registry() + "')");
    }
    if (status == 403) {
      return new RegistryException.Denied(failure, auth.hasCredential()
          ? "access denied: the credentials for " + registry() + " do not allow this"
          : "access denied; log in to " + registry() + " ('stowage login " + registry() + "')");
    }
    if (status == 404 || (unknown && status >= 400 && status < 500)) {
      return new RegistryException.NotFound(failure, "not found");
    }
    if (status == 429) {
      return new RegistryException.TooManyRequests(failure,
          "the registry is rate limiting us" + afterAttempts(attempts) + "; try again later");
    }
    if (status >= 500) {
      return new RegistryException.Unavailable(failure, "the registry failed" + afterAttempts(attempts), null);
    }
    if (status >= 400) {
      boolean missingBlobs = errors.stream().anyMatch(e -> e.code().equals("MANIFEST_BLOB_UNKNOWN"));
      return new RegistryException.Rejected(failure, missingBlobs
          ? "the registry rejected the manifest because blobs it refers to are not in the repository; push them first"
          : "the registry rejected the request");
    }
    return new RegistryException.ProtocolViolation(failure, "unexpected HTTP status " + status);
  }

  private static String afterAttempts(int attempts) {
    return attempts > 1 ? " after " + attempts + " attempts" : "";
  }
}
