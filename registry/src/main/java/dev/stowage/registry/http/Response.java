package dev.stowage.registry.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * A registry's answer as an endpoint's handler sees it: status, headers, the URI that answered (after any
 * redirects) and the body as a stream, which the handler reads (or not) and the caller closes.
 */
public record Response(int statusCode, HttpHeaders headers, URI uri, InputStream body) implements AutoCloseable {
  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The Content-Length header, or -1 when absent or malformed. */
  public long contentLength() {
    return headers.firstValueAsLong("Content-Length").orElse(-1L);
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException ignored) {
      // nothing useful to do: the connection is discarded
    }
  }
}
