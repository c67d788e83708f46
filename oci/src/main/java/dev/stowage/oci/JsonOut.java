package dev.stowage.oci;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * A compact JSON writer with Go's conventions: fields in the order the caller writes them, empty values left out
 * ({@code omitempty}), Go's escaping and RFC 3339 times with trailing zeros of the fraction trimmed.
 */
final class JsonOut implements AutoCloseable {
  private static final JsonFactory FACTORY = new JsonFactoryBuilder().characterEscapes(new GoJsonEscapes()).build();
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final JsonGenerator gen;

  JsonOut() {
    try {
      gen = FACTORY.createGenerator(buffer, JsonEncoding.UTF8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes one document with {@code body} and returns its UTF-8 bytes. */
  static byte[] write(Body body) {
    try (JsonOut out = new JsonOut()) {
      body.write(out);
      return out.finish();
    }
  }

  /** The body of one JSON document. */
  @FunctionalInterface
  interface Body {
    void write(JsonOut out);
  }

  byte[] finish() {
    try {
      gen.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  @Override
  public void close() {
    try {
      gen.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonOut startObject() {
    return io(() -> gen.writeStartObject());
  }

  JsonOut endObject() {
    return io(() -> gen.writeEndObject());
  }

  JsonOut startArray() {
    return io(() -> gen.writeStartArray());
  }

  JsonOut endArray() {
    return io(() -> gen.writeEndArray());
  }

  JsonOut name(String name) {
    return io(() -> gen.writeFieldName(name));
  }

  JsonOut value(String value) {
    return io(() -> gen.writeString(value));
  }

  JsonOut value(long value) {
    return io(() -> gen.writeNumber(value));
  }

  JsonOut value(boolean value) {
    return io(() -> gen.writeBoolean(value));
  }

  /** Always written, even when empty. */
  JsonOut string(String name, String value) {
    return name(name).value(value);
  }

  JsonOut number(String name, long value) {
    return name(name).value(value);
  }

  JsonOut stringIfNotEmpty(String name, String value) {
    return value.isEmpty() ? this : string(name, value);
  }

  JsonOut numberIfNotZero(String name, long value) {
    return value == 0 ? this : number(name, value);
  }

  JsonOut trueIfSet(String name, boolean value) {
    return value ? name(name).value(true) : this;
  }

  JsonOut strings(String name, Collection<String> values) {
    name(name).startArray();
    values.forEach(this::value);
    return endArray();
  }

  JsonOut stringsIfNotEmpty(String name, Collection<String> values) {
    return values.isEmpty() ? this : strings(name, values);
  }

  /** A {@code map[string]string}, keys in their given (sorted) order. */
  JsonOut mapIfNotEmpty(String name, Map<String, String> map) {
    if (map.isEmpty()) {
      return this;
    }
    name(name).startObject();
    map.forEach(this::string);
    return endObject();
  }

  /** A Go {@code map[string]struct{}} such as ExposedPorts: {@code {"80/tcp":{}}}. */
  JsonOut setIfNotEmpty(String name, Set<String> keys) {
    if (keys.isEmpty()) {
      return this;
    }
    name(name).startObject();
    for (String key : keys) {
      name(key).startObject().endObject();
    }
    return endObject();
  }

  JsonOut time(String name, Instant instant) {
    return string(name, goTime(instant));
  }

  /** Go's {@code time.RFC3339Nano} in UTC: fraction digits only as many as needed. */
  static String goTime(Instant instant) {
    StringBuilder text = new StringBuilder(SECONDS.format(instant.atOffset(ZoneOffset.UTC)));
    int nanos = instant.getNano();
    if (nanos != 0) {
      String fraction = String.format("%09d", nanos).replaceFirst("0+$", "");
      text.append('.').append(fraction);
    }
    return text.append('Z').toString();
  }

  private JsonOut io(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
