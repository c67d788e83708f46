package dev.stowage.dockerfile.lint;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One lint rule, as data.
 *
 * @param id the stable id used in output and in {@code # check=skip=} (the leak-corpus kinds for secret rules,
 *     BuildKit's names for its build checks)
 * @param title one line
 * @param severity the default severity
 * @param category what the rule protects
 * @param description a paragraph for the rule docs
 * @param messageFormat the shape of the message, with {@code %s} placeholders, for the docs
 * @param aliases other names accepted by {@code # check=skip=} (BuildKit's name where ours differs)
 * @param docsUrl where to read more
 * @param experimental off unless enabled with {@code # check=experimental=<id>} (as BuildKit's experimental checks)
 */
public record Rule(String id, String title, Severity severity, Category category, String description,
    String messageFormat, List<String> aliases, String docsUrl, boolean experimental) {
  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(messageFormat, "messageFormat");
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(docsUrl, "docsUrl");
  }

  /** True when {@code name} is this rule's id or one of its aliases (case-insensitive). */
  public boolean isNamed(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return id.toLowerCase(Locale.ROOT).equals(n) || aliases.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(n));
  }

  /** BuildKit's name for this rule, if it has one (the id or the first alias starting with an upper-case letter). */
  public String buildkitName() {
    if (Character.isUpperCase(id.charAt(0))) {
      return id;
    }
    return aliases.stream().filter(a -> Character.isUpperCase(a.charAt(0))).findFirst().orElse("");
  }
}
