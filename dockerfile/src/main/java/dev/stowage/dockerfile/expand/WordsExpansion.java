package dev.stowage.dockerfile.expand;

import java.util.List;
import java.util.Set;

/**
 * The result of expanding a text and splitting it into words after expansion (BuildKit's ProcessWords): unquoted
 * white space, including white space that came from a variable's value, separates words.
 */
public record WordsExpansion(List<String> words, Set<String> usedVars, Set<String> undefinedVars) {
  public WordsExpansion {
    words = List.copyOf(words);
    usedVars = Set.copyOf(usedVars);
    undefinedVars = Set.copyOf(undefinedVars);
  }
}
