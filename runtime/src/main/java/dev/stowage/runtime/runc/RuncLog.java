package dev.stowage.runtime.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** runc's own diagnostics ({@code --log-format json}), kept apart from the container's output. Pure. */
final class RuncLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> NOISE_PREFIXES =
      List.of("runc run failed: ", "runc create failed: ", "unable to start container process: ");

  private RuncLog() {}

  /** The messages of error-level lines, without runc's generic prefixes; malformed lines are skipped. */
  static List<String> errors(String log) {
    List<String> errors = new ArrayList<>();
    for (String line : log.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        String level = node.path("level").asText("");
        if (level.equals("error") || level.equals("fatal")) {
          errors.add(stripPrefixes(node.path("msg").asText("")));
        }
      } catch (java.io.IOException e) {
        // not JSON: runc wrote something else; the exit code still tells the outcome
      }
    }
    return errors;
  }

  static String stripPrefixes(String message) {
    String result = message;
    boolean stripped = true;
    while (stripped) {
      stripped = false;
      for (String prefix : NOISE_PREFIXES) {
        if (result.startsWith(prefix)) {
          result = result.substring(prefix.length());
          stripped = true;
        }
      }
    }
    return result;
  }
}
