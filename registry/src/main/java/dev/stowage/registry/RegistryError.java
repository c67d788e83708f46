package dev.stowage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One diagnostic from a registry's error body ({@code {"errors":[{"code":..,"message":..}]}}), as the OCI
 * distribution spec defines it. A short textual {@code detail} is appended to the message; structured ones are
 * dropped, since registries put arbitrary JSON there.
 */
public record RegistryError(String code, String message) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERRORS = 5;

  public RegistryError {
    Objects.requireNonNull(code, "code");
    message = message == null ? "" : message;
  }

  /**
   * The diagnostics of an error body, at most five, with any URL in a message redacted; empty when the body is
   * not a distribution error body (an HTML error page, say).
   */
  public static List<RegistryError> listFrom(byte[] body) {
    if (body == null || body.length == 0) {
      return List.of();
    }
    try {
      List<RegistryError> out = new ArrayList<>();
      for (JsonNode e : JSON.readTree(body).path("errors")) {
        String code = e.path("code").asText("");
        String message = UrlRedaction.scrub(e.path("message").asText(""));
        // A short textual detail (e.g. the digest of a missing blob) helps; structured details are dropped.
        JsonNode detail = e.path("detail");
        if (detail.isTextual() && !detail.asText().isBlank() && detail.asText().length() <= 100) {
          message = message + " (" + UrlRedaction.scrub(detail.asText()) + ")";
        }
        RegistryError error = new RegistryError(code, message);
        if (!code.isEmpty() && out.size() < MAX_ERRORS && !out.contains(error)) {
          out.add(error);
        }
      }
      return List.copyOf(out);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  @Override
  public String toString() {
    return message.isEmpty() ? code : code + ": " + message;
  }
}
