package dev.stowage.oci;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Set;

/** Immutable sorted copies: Go writes map keys sorted, so sorted is the canonical order of every JSON map. */
final class Maps {
  private Maps() {}

  static SortedMap<String, String> sortedCopy(Map<String, String> map) {
    TreeMap<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      copy.put(requireKey(e.getKey()), requireValue(e.getKey(), e.getValue()));
    }
    return Collections.unmodifiableSortedMap(copy);
  }

  static SortedSet<String> sortedCopy(Set<String> set) {
    TreeSet<String> copy = new TreeSet<>();
    for (String s : set) {
      copy.add(requireKey(s));
    }
    return Collections.unmodifiableSortedSet(copy);
  }

  private static String requireKey(String key) {
    if (key == null) {
      throw new NullPointerException("a map key must not be null");
    }
    return key;
  }

  private static String requireValue(String key, String value) {
    if (value == null) {
      throw new NullPointerException("the value for '" + key + "' must not be null");
    }
    return value;
  }
}
