package dev.stowage.dockerfile.ast;

import java.util.List;
import java.util.Optional;

/**
 * The parser directives at the top of the file ({@code syntax}, {@code escape}, {@code check}), in the order
 * written.
 */
public record Directives(List<Directive> all) {
  public static final char DEFAULT_ESCAPE = '\\';

  public Directives {
    all = List.copyOf(all);
  }

  public static Directives none() {
    return new Directives(List.of());
  }

  public Optional<Directive> find(String name) {
    return all.stream().filter(d -> d.name().equals(name)).findFirst();
  }

  /** The escape token: {@code \} unless {@code # escape=`}. */
  public char escape() {
    return find("escape").map(d -> d.value().charAt(0)).orElse(DEFAULT_ESCAPE);
  }

  /** The {@code # syntax=} value (accepted and ignored: Stowage implements one frontend). */
  public Optional<String> syntax() {
    return find("syntax").map(Directive::value);
  }

  /** The raw {@code # check=} value, e.g. {@code skip=JSONArgsRecommended;error=true}. */
  public Optional<String> check() {
    return find("check").map(Directive::value);
  }
}
