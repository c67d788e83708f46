package dev.stowage.dockerfile.lint;

import dev.stowage.dockerfile.ast.Arg;
import dev.stowage.dockerfile.ast.ArgDecl;
import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.ast.ExecForm;
import dev.stowage.dockerfile.ast.Heredoc;
import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.ast.Run;
import dev.stowage.dockerfile.ast.SecretMount;
import dev.stowage.dockerfile.ast.ShellForm;
import dev.stowage.dockerfile.ast.Stage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code stowage lint --fix}: turns ARGs that carry a secret into build secrets. Each such ARG declaration is replaced
 * by a comment (its value, possibly a credential, is dropped), and every RUN of the stage that uses the variable gets
 * {@code --mount=type=secret,id=<id>,env=<NAME>}, so the command sees the same variable without it reaching the
 * history. Line count and every other line stay as they were. Pure: text in, text out.
 */
public final class SecretArgFix {
  private SecretArgFix() {}

  /**
   * The fixed text, the {@code --secret} flags the build then needs, and notes on what could not be fixed.
   *
   * @param changed false when nothing needed fixing
   */
  public record Result(String text, List<String> secretFlags, List<String> notes, boolean changed) {
    public Result {
      secretFlags = List.copyOf(secretFlags);
      notes = List.copyOf(notes);
    }
  }

  /** Rewrites the ARGs named in {@code secretArgs} (as reported by the secret-arg rule). */
  public static Result fix(Dockerfile dockerfile, String text, List<String> secretArgs) {
    String newline = text.contains("\r\n") ? "\r\n" : "\n";
    boolean bom = text.startsWith("\uFEFF");
    String body = bom ? text.substring(1) : text;
    List<String> lines = new ArrayList<>(List.of(body.split("\r?\n", -1)));
    Map<Integer, String> replacements = new TreeMap<>();
    Map<Integer, List<String>> insertions = new TreeMap<>(); // line -> mounts to add after the keyword
    Set<String> flags = new LinkedHashSet<>();
    List<String> notes = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(secretArgs);

    for (Arg arg : dockerfile.globalArgs()) {
      rewriteArg(arg, names, lines, replacements, notes);
    }
    for (Stage stage : dockerfile.stages()) {
      Set<String> inScope = new LinkedHashSet<>();
      for (Instruction instruction : stage.body()) {
        if (instruction instanceof Arg arg) {
          for (ArgDecl d : arg.args()) {
            if (names.contains(d.name())) {
              inScope.add(d.name());
            }
          }
          rewriteArg(arg, names, lines, replacements, notes);
        } else if (instruction instanceof Run run) {
          for (String name : inScope) {
            if (uses(run, name) && !alreadyMounted(run, name)) {
              String id = secretId(name);
              insertions.computeIfAbsent(run.line(), k -> new ArrayList<>())
                  .add("--mount=type=secret,id=" + id + ",env=" + name);
              flags.add("--secret id=" + id + ",env=" + name);
            }
          }
        } else {
          for (String name : inScope) {
            if (mentions(instruction.original(), name)) {
              notes.add("line " + instruction.line() + ": " + instruction.keyword().name() + " uses $" + name
                  + ", which is no longer a build argument; " + (instruction.keyword().name().equals("ENV")
                      ? "an ENV would store the secret in the image: remove it and use the mount in each RUN"
                      : "fix this use by hand"));
            }
          }
        }
      }
    }
    for (String name : names) {
      if (flags.stream().noneMatch(f -> f.endsWith(",env=" + name))) {
        notes.add("ARG " + name + " was not used by any RUN; its declaration was removed");
      }
    }

    for (var r : replacements.entrySet()) {
      lines.set(r.getKey() - 1, r.getValue().replace("\n", newline));
    }
    for (var ins : insertions.entrySet()) {
      int index = ins.getKey() - 1;
      lines.set(index, insertAfterKeyword(lines.get(index), String.join(" ", ins.getValue())));
    }
    String fixed = (bom ? "\uFEFF" : "") + String.join(newline, lines);
    boolean changed = !replacements.isEmpty() || !insertions.isEmpty();
    return new Result(fixed, List.copyOf(flags), notes, changed);
  }

  private static void rewriteArg(Arg arg, Set<String> names, List<String> lines, Map<Integer, String> replacements,
      List<String> notes) {
    List<ArgDecl> kept = arg.args().stream().filter(d -> !names.contains(d.name())).toList();
    List<ArgDecl> moved = arg.args().stream().filter(d -> names.contains(d.name())).toList();
    if (moved.isEmpty()) {
      return;
    }
    int first = arg.range().startLine();
    int last = arg.range().endLine();
    String indent = leadingSpace(lines.get(first - 1));
    StringBuilder replacement = new StringBuilder(indent + "# stowage lint --fix: ");
    for (ArgDecl d : moved) {
      if (d.hasDefault()) {
        notes.add("line " + first + ": the default value of ARG " + d.name() + " was dropped; if it was a real"
            + " credential, revoke it");
      }
    }
    replacement.append(String.join(", ", moved.stream().map(d -> "ARG " + d.name()).toList()))
        .append(moved.size() == 1 ? " is" : " are").append(" now passed as build secret")
        .append(moved.size() == 1 ? "" : "s").append(" (--secret id=").append(secretId(moved.getFirst().name()))
        .append(",env=").append(moved.getFirst().name()).append(moved.size() > 1 ? " ..." : "").append(")");
    if (!kept.isEmpty()) {
      replacement.append('\n').append(indent)
          .append(arg.origin().keyword()).append(' ')
          .append(String.join(" ", kept.stream().map(d -> d.name() + d.defaultValue().map(v -> "=" + v.raw())
              .orElse("")).toList()));
    }
    replacements.put(first, replacement.toString());
    for (int line = first + 1; line <= last; line++) {
      replacements.put(line, indent + "#");
    }
  }

  /** True when the RUN expands the variable (shell form, exec form through a shell, or a heredoc body). */
  private static boolean uses(Run run, String name) {
    String text = switch (run.command()) {
      case ShellForm s -> s.script();
      case ExecForm e -> String.join(" ", e.argv());
    };
    if (mentions(text, name)) {
      return true;
    }
    return run.heredocs().stream().filter(Heredoc::expand).anyMatch(h -> mentions(h.content(), name));
  }

  private static boolean alreadyMounted(Run run, String name) {
    return run.secretMounts().stream().map(SecretMount::env)
        .anyMatch(e -> e.isPresent() && e.get().raw().equals(name));
  }

  private static boolean mentions(String text, String name) {
    return Pattern.compile("\\$(?:\\{" + Pattern.quote(name) + "(?:[^A-Za-z0-9_][^}]*)?}|" + Pattern.quote(name)
        + "(?![A-Za-z0-9_]))").matcher(text).find();
  }

  private static String insertAfterKeyword(String line, String mounts) {
    int i = 0;
    while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    int keywordEnd = i;
    while (keywordEnd < line.length() && !Character.isWhitespace(line.charAt(keywordEnd))) {
      keywordEnd++;
    }
    return line.substring(0, keywordEnd) + " " + mounts + line.substring(keywordEnd);
  }

  private static String leadingSpace(String line) {
    int i = 0;
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    return line.substring(0, i);
  }

  /** The secret id used for a variable: its name in lower case. */
  public static String secretId(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
