package dev.stowage.registry.client;

import dev.stowage.registry.RegistryException;
import dev.stowage.registry.RegistryException.Failure;
import dev.stowage.registry.UrlRedaction;
import dev.stowage.registry.http.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** URL building and header reading shared by the endpoints. */
final class Routes {
  private Routes() {}

  static URI under(URI base, String path) {
    return URI.create(base.toString() + path);
  }

  static String query(String name, String value) {
    return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** {@code uri} with one more query parameter. */
  static URI withParam(URI uri, String name, String value) {
    String text = uri.toString();
    int hash = text.indexOf('#');
    if (hash >= 0) {
      text = text.substring(0, hash);
    }
    return URI.create(text + (uri.getRawQuery() == null ? "?" : "&") + query(name, value));
  }

  /** The Location header resolved against the URI that answered; a ProtocolViolation when absent or invalid. */
  static URI location(Response response, String action, String method) {
    Optional<String> location = response.header("Location");
    if (location.isEmpty() || location.get().isBlank()) {
      throw new RegistryException.ProtocolViolation(failure(response, action, method),
          "the registry answered " + response.statusCode() + " without the Location header the protocol requires");
    }
    try {
      URI resolved = response.uri().resolve(location.get().strip());
      if (!List.of("http", "https").contains(String.valueOf(resolved.getScheme()).toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("not http(s)");
      }
      return resolved;
    } catch (IllegalArgumentException e) {
      throw new RegistryException.ProtocolViolation(failure(response, action, method),
          "the registry answered with an invalid Location " + UrlRedaction.redact(location.get()));
    }
  }

  static Failure failure(Response response, String action, String method) {
    return new Failure(action, method, UrlRedaction.redact(response.uri()), response.statusCode(), List.of());
  }

  /** The media type of a Content-Type header, without parameters, lower-cased. */
  static Optional<String> mediaType(Response response) {
    return response.header("Content-Type")
        .map(v -> {
          int semicolon = v.indexOf(';');
          return (semicolon < 0 ? v : v.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        })
        .filter(v -> !v.isEmpty());
  }
}
