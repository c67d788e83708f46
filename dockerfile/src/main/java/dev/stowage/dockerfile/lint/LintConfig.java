package dev.stowage.dockerfile.lint;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which rules run and whether findings fail, from BuildKit's check syntax: {@code skip=A,B;error=true;experimental=C}
 * ({@code skip=all} skips everything). The {@code # check=} directive gives the file's configuration; each
 * {@code --check} option overrides the fields it sets; a {@code # check=skip=A} comment directly above an instruction
 * skips those rules for that instruction only.
 *
 * @param skipAll {@code skip=all}
 * @param skip rule ids or aliases to skip
 * @param error true when findings fail the lint ({@code error=true})
 * @param experimental experimental rules to enable ({@code all} enables every one)
 */
public record LintConfig(boolean skipAll, Set<String> skip, Optional<Boolean> error, Set<String> experimental) {
  public LintConfig {
    skip = Set.copyOf(skip);
    experimental = Set.copyOf(experimental);
  }

  /** Every rule runs, findings are warnings. */
  public static LintConfig defaults() {
    return new LintConfig(false, Set.of(), Optional.empty(), Set.of());
  }

  /**
   * Parses a check value as BuildKit's {@code ParseLintOptions} does.
   *
   * @throws LintConfigException naming the bad option
   */
  public static LintConfig parse(String value) {
    String text = value.strip();
    if (text.isEmpty()) {
      return defaults();
    }
    boolean skipAll = false;
    Set<String> skip = new LinkedHashSet<>();
    Optional<Boolean> error = Optional.empty();
    Set<String> experimental = new LinkedHashSet<>();
    for (String part : text.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new LintConfigException("invalid check option \"" + part.strip() + "\" (expected skip=..., error=... or"
            + " experimental=...)");
      }
      String key = part.substring(0, eq).strip();
      String v = part.substring(eq + 1).strip();
      switch (key) {
        case "skip" -> {
          if (v.equals("all")) {
            skipAll = true;
          } else {
            for (String rule : v.split(",")) {
              if (!rule.isBlank()) {
                skip.add(rule.strip());
              }
            }
          }
        }
        case "error" -> error = Optional.of(parseBool(v, part));
        case "experimental" -> {
          for (String rule : v.split(",")) {
            if (!rule.isBlank()) {
              experimental.add(rule.strip());
            }
          }
        }
        default -> throw new LintConfigException("invalid check option \"" + key + "\" (expected skip, error or"
            + " experimental)");
      }
    }
    return new LintConfig(skipAll, skip, error, experimental);
  }

  /** This configuration with {@code override}'s settings on top (skips add up; {@code error} is replaced if set). */
  public LintConfig with(LintConfig override) {
    Set<String> allSkip = new LinkedHashSet<>(skip);
    allSkip.addAll(override.skip);
    Set<String> allExperimental = new LinkedHashSet<>(experimental);
    allExperimental.addAll(override.experimental);
    return new LintConfig(skipAll || override.skipAll, allSkip, override.error.isPresent() ? override.error : error,
        allExperimental);
  }

  /** Whether findings fail the lint. */
  public boolean failsOnFindings() {
    return error.orElse(false);
  }

  /** Whether {@code rule} runs under this configuration. */
  public boolean enables(Rule rule) {
    if (skipAll || skip.stream().anyMatch(rule::isNamed)) {
      return false;
    }
    return !rule.experimental() || experimental.contains("all") || experimental.stream().anyMatch(rule::isNamed);
  }

  /** The rules skipped by a {@code check=skip=...} comment, or empty when the comment is something else. */
  static List<String> inlineSkips(String comment) {
    String c = comment.strip();
    if (!c.toLowerCase(Locale.ROOT).startsWith("check=")) {
      return List.of();
    }
    try {
      LintConfig config = parse(c.substring("check=".length()));
      return config.skipAll ? List.of("all") : List.copyOf(config.skip);
    } catch (LintConfigException e) {
      return List.of();
    }
  }

  private static boolean parseBool(String v, String part) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "1", "t", "true" -> true;
      case "0", "f", "false" -> false;
      default -> throw new LintConfigException("failed to parse check option \"" + part.strip() + "\": expected true"
          + " or false");
    };
  }
}
