package dev.stowage.dockerfile.ast;

import java.util.Objects;

/**
 * One pair of ENV or LABEL, both parts unexpanded (quotes included).
 *
 * @param withEquals true for {@code k=v}; false for the legacy {@code ENV k v w} form, where the value is the
 *     rest of the line
 */
public record KeyValue(Word key, Word value, boolean withEquals) {
  public KeyValue {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
