package dev.stowage.dockerfile.lint.shell;

import java.util.List;

/**
 * One shell word.
 *
 * @param raw the word as written
 * @param literal the word with quotes and escapes removed and expansions left as written ({@code $HOME/x})
 * @param variables the parameters the word expands
 * @param substitutions the command substitutions ({@code $(...)}, backquotes) inside the word, parsed
 */
public record ShellWord(String raw, String literal, List<VariableRef> variables, List<Script> substitutions) {
  public ShellWord {
    variables = List.copyOf(variables);
    substitutions = List.copyOf(substitutions);
  }

  /** True when the word has no expansion: its literal is its value. */
  public boolean isPlain() {
    return variables.isEmpty() && substitutions.isEmpty() && !literal.contains("$");
  }

  /**
   * A parameter reference.
   *
   * @param valueExpanded false when only a property of the value is used ({@code ${#X}}) or the value is replaced
   *     ({@code ${X:+word}})
   */
  public record VariableRef(String name, boolean valueExpanded) {}
}
