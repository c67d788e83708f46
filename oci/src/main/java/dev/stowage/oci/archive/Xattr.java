package dev.stowage.oci.archive;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One extended attribute: a full name ({@code security.capability}, {@code user.x}, {@code trusted.overlay.opaque})
 * and a binary value. Values are bytes, not text: file capabilities are binary.
 */
public record Xattr(String name, byte[] value) implements Comparable<Xattr> {
  public Xattr {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.indexOf('\0') >= 0 || name.indexOf('=') >= 0) {
      throw new IllegalArgumentException("invalid extended attribute name '" + name + "'");
    }
    value = value.clone();
  }

  public static Xattr of(String name, String value) {
    return new Xattr(name, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The name space: the part before the first dot ({@code user}, {@code security}, {@code trusted}). */
  public String namespace() {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Xattr other && name.equals(other.name) && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(value);
  }

  @Override
  public int compareTo(Xattr other) {
    return name.compareTo(other.name);
  }

  /** The name and the value's length only: values may be anything, so they are never printed. */
  @Override
  public String toString() {
    return "Xattr[" + name + ", " + value.length + " bytes]";
  }
}
