package dev.stowage.dockerfile.expand;

import java.util.Objects;
import java.util.Set;

/**
 * The result of expanding one word.
 *
 * @param value the expanded text (quotes and escapes processed)
 * @param usedVars the variables that were looked up and defined
 * @param undefinedVars the variables that were looked up and not defined (for the UndefinedVar rule)
 */
public record Expansion(String value, Set<String> usedVars, Set<String> undefinedVars) {
  public Expansion {
    Objects.requireNonNull(value, "value");
    usedVars = Set.copyOf(usedVars);
    undefinedVars = Set.copyOf(undefinedVars);
  }
}
