package dev.stowage.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Tolerant reading of one JSON object: unknown fields are ignored, {@code null} means absent, and a field of the
 * wrong type fails with its path (e.g. {@code config.Env[2]}) and what was expected.
 */
final class JsonIn {
  private final JsonNode node;
  private final String what;
  private final String path;

  JsonIn(JsonNode node, String what, String path) {
    this.node = node;
    this.what = what;
    this.path = path;
    if (!node.isObject()) {
      throw fail(path.isEmpty() ? "the document" : path, "an object", node);
    }
  }

  static JsonIn root(JsonNode node, String what) {
    return new JsonIn(node, what, "");
  }

  private String at(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private JsonNode field(String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value;
  }

  boolean has(String name) {
    return field(name) != null;
  }

  String string(String name, String fallback) {
    JsonNode value = field(name);
    if (value == null) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw fail(at(name), "a string", value);
    }
    return value.asText();
  }

  String requiredString(String name) {
    JsonNode value = field(name);
    if (value == null) {
      throw missing(name);
    }
    return string(name, "");
  }

  Optional<String> optionalString(String name) {
    return Optional.ofNullable(string(name, null)).filter(s -> !s.isEmpty());
  }

  long number(String name, long fallback) {
    JsonNode value = field(name);
    if (value == null) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw fail(at(name), "an integer", value);
    }
    return value.asLong();
  }

  long requiredNumber(String name) {
    if (field(name) == null) {
      throw missing(name);
    }
    return number(name, 0);
  }

  boolean bool(String name) {
    JsonNode value = field(name);
    if (value == null) {
      return false;
    }
    if (!value.isBoolean()) {
      throw fail(at(name), "true or false", value);
    }
    return value.asBoolean();
  }

  List<String> strings(String name) {
    JsonNode value = field(name);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw fail(at(name), "an array of strings", value);
    }
    List<String> result = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (!item.isTextual()) {
        throw fail(at(name) + "[" + i + "]", "a string", item);
      }
      result.add(item.asText());
    }
    return result;
  }

  Map<String, String> stringMap(String name) {
    JsonNode value = field(name);
    if (value == null) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw fail(at(name), "an object of strings", value);
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      JsonNode item = e.getValue();
      if (item.isNull()) {
        result.put(e.getKey(), "");
      } else if (item.isTextual()) {
        result.put(e.getKey(), item.asText());
      } else {
        throw fail(at(name) + "." + e.getKey(), "a string", item);
      }
    }
    return result;
  }

  /** The keys of a Go {@code map[string]struct{}} such as ExposedPorts or Volumes. */
  Set<String> keySet(String name) {
    JsonNode value = field(name);
    if (value == null) {
      return Set.of();
    }
    if (!value.isObject()) {
      throw fail(at(name), "an object", value);
    }
    Set<String> keys = new LinkedHashSet<>();
    value.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  Optional<Instant> time(String name) {
    String text = string(name, null);
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      throw new OciFormatException(
          "malformed " + what + ": " + at(name) + " is '" + text + "', expected an RFC 3339 time");
    }
  }

  Digest digest(String name) {
    String text = requiredString(name);
    try {
      return Digest.parse(text);
    } catch (OciFormatException e) {
      throw new OciFormatException("malformed " + what + ": " + at(name) + ": " + e.getMessage());
    }
  }

  Optional<JsonIn> object(String name) {
    JsonNode value = field(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isObject()) {
      throw fail(at(name), "an object", value);
    }
    return Optional.of(new JsonIn(value, what, at(name)));
  }

  JsonIn requiredObject(String name) {
    return object(name).orElseThrow(() -> missing(name));
  }

  <T> List<T> objects(String name, Function<JsonIn, T> reader) {
    JsonNode value = field(name);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw fail(at(name), "an array of objects", value);
    }
    List<T> result = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      result.add(reader.apply(new JsonIn(value.get(i), what, at(name) + "[" + i + "]")));
    }
    return result;
  }

  List<Digest> digests(String name) {
    List<String> texts = strings(name);
    List<Digest> result = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      try {
        result.add(Digest.parse(texts.get(i)));
      } catch (OciFormatException e) {
        throw new OciFormatException("malformed " + what + ": " + at(name) + "[" + i + "]: " + e.getMessage());
      }
    }
    return result;
  }

  OciFormatException missing(String name) {
    return new OciFormatException("malformed " + what + ": required field " + at(name) + " is missing");
  }

  OciFormatException invalid(String name, String problem) {
    return new OciFormatException("malformed " + what + ": " + at(name) + " " + problem);
  }

  private OciFormatException fail(String where, String expected, JsonNode found) {
    return new OciFormatException(
        "malformed " + what + ": " + where + " should be " + expected + " but is " + describe(found));
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
