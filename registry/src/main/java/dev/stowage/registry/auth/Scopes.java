package dev.stowage.registry.auth;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** Token scopes of the distribution auth spec: {@code repository:<name>:pull} and {@code ...:pull,push}. */
public final class Scopes {
  private Scopes() {}

  public static String pull(String repository) {
    return "repository:" + repository + ":pull";
  }

  public static String pullPush(String repository) {
    return "repository:" + repository + ":pull,push";
  }

  /** The scopes sorted and without duplicates: the identity of a cached token. */
  public static List<String> normalize(Collection<String> scopes) {
    return List.copyOf(new TreeSet<>(scopes));
  }
}
