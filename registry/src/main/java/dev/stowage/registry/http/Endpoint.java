package dev.stowage.registry.http;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One registry operation, as a small object (jib's endpoint pattern): the request to send, the auth scopes it
 * needs, how to read a successful response and what to call the operation in messages. The {@link
 * EndpointCaller} does authentication, redirects, retries and error mapping around it.
 */
public interface Endpoint<T> {
  /** GET, HEAD, POST, PUT, PATCH or DELETE. */
  String method();

  /** The URI to call: usually {@code base} plus a {@code /v2/...} path; upload locations are absolute. */
  URI uri(URI base);

  /** The Accept header values, in order of preference; empty for none. */
  default List<String> accept() {
    return List.of();
  }

  default Optional<RequestBody> body() {
    return Optional.empty();
  }

  /** Extra request headers (e.g. Content-Range); never Authorization. */
  default Map<String, String> headers() {
    return Map.of();
  }

  /** The token scopes this request needs, e.g. {@code repository:a/b:pull}. */
  List<String> scopes();

  /** What this request does, for messages: "pulling manifest localhost:5000/a/b:1". */
  String action();

  /**
   * Whether sending the request twice is harmless, which allows retries after 5xx and broken connections.
   * Defaults to the HTTP method's idempotency; upload steps override it.
   */
  default boolean isIdempotent() {
    return switch (method()) {
      case "GET", "HEAD", "PUT", "DELETE" -> true;
      default -> false;
    };
  }

  /** Whether {@link #handle} deals with this status; by default any 2xx. */
  default boolean handles(int status) {
    return status >= 200 && status < 300;
  }

  /**
   * Reads a response whose status {@link #handles} accepts. May be called again after a failed attempt, so it
   * must start from scratch each time. An IOException here counts as a broken connection.
   */
  T handle(Response response) throws IOException;
}
