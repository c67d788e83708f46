package dev.stowage.engine.plan;

import dev.stowage.dockerfile.ast.BindMount;
import dev.stowage.dockerfile.ast.CacheMount;
import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.ast.MountSpec;
import dev.stowage.dockerfile.ast.SecretMount;
import dev.stowage.dockerfile.ast.SshMount;
import dev.stowage.dockerfile.ast.TmpfsMount;
import dev.stowage.dockerfile.ast.Word;
import dev.stowage.dockerfile.expand.ExpansionException;
import dev.stowage.dockerfile.expand.ShellLexer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Applies BuildKit's {@code RUN --mount} defaults and expands the option values. */
final class RunMounts {
  private static final Pattern SIZE = Pattern.compile("(?i)^(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b)?$");
  private static final Set<String> SHARING = Set.of("shared", "private", "locked");

  private RunMounts() {}

  static PlannedMount plan(MountSpec spec, Map<String, String> env, ShellLexer lexer, Instruction run,
      BiFunction<Instruction, String, PlanException> error, Function<Word, CopySource> sourceOf, int position) {
    Function<Word, String> expand = word -> {
      try {
        return lexer.processWord(word.raw(), env).value();
      } catch (ExpansionException e) {
        throw error.apply(run, e.getMessage());
      }
    };
    Optional<String> target = spec.target().map(expand).filter(t -> !t.isEmpty());
    // instanceof, not a pattern switch: the build's start-up path (see docs/architecture.md, "Start-up")
    if (spec instanceof SecretMount secret) {
      Optional<String> env2 = secret.env().map(expand).filter(e -> !e.isEmpty());
      String id = secret.idOrSource().map(expand).filter(s -> !s.isEmpty())
          .or(() -> target.map(RunMounts::basename))
          .orElseThrow(() -> error.apply(run, "--mount=type=secret needs id= or target="));
      Optional<String> file = target.isPresent() || env2.isPresent() ? target
          : Optional.of("/run/secrets/" + basename(id));
      return new PlannedMount.Secret(id, file, env2, secret.required().orElse(false),
          mode(secret.mode(), expand, 0400, run, error), number(secret.uid(), expand, 0, run, error, "uid"),
          number(secret.gid(), expand, 0, run, error, "gid"));
    } else if (spec instanceof SshMount ssh) {
      String id = ssh.id().map(expand).filter(s -> !s.isEmpty()).orElse("default");
      return new PlannedMount.Ssh(id,
          Optional.of(target.orElse("/run/buildkit/ssh_agent." + position)), ssh.required().orElse(false),
          mode(ssh.mode(), expand, 0600, run, error), number(ssh.uid(), expand, 0, run, error, "uid"),
          number(ssh.gid(), expand, 0, run, error, "gid"));
    } else if (spec instanceof CacheMount cache) {
      String path = target.orElseThrow(() -> error.apply(run, "--mount=type=cache needs target="));
      String sharing = cache.sharing().map(expand).orElse("shared").toLowerCase(Locale.ROOT);
      if (!SHARING.contains(sharing)) {
        throw error.apply(run, "unsupported sharing value \"" + sharing + "\" (shared, private or locked)");
      }
      return new PlannedMount.Cache(cache.id().map(expand).filter(s -> !s.isEmpty()).orElse(path),
          Optional.of(path), cache.from().map(sourceOf), cache.source().map(expand).orElse(""),
          cache.readOnly().orElse(false), sharing, mode(cache.mode(), expand, 0755, run, error),
          number(cache.uid(), expand, 0, run, error, "uid"), number(cache.gid(), expand, 0, run, error, "gid"));
    } else if (spec instanceof BindMount bind) {
      String path = target.orElseThrow(() -> error.apply(run, "--mount=type=bind needs target="));
      CopySource from = bind.from().map(sourceOf).orElse(new CopySource.Context());
      return new PlannedMount.Bind(Optional.of(path), from, bind.source().map(expand).orElse("/"),
          !bind.readOnly().orElse(true));
    } else if (spec instanceof TmpfsMount tmpfs) {
      String path = target.orElseThrow(() -> error.apply(run, "--mount=type=tmpfs needs target="));
      return new PlannedMount.Tmpfs(Optional.of(path), tmpfs.size().map(expand).map(s -> size(s, run, error))
          .orElse(0L));
    } else {
      throw new IllegalStateException("unhandled " + spec.getClass().getSimpleName());
    }
  }

  static String basename(String path) {
    String trimmed = path.replaceAll("/+$", "");
    int slash = trimmed.lastIndexOf('/');
    return slash < 0 ? trimmed : trimmed.substring(slash + 1);
  }

  private static int mode(Optional<Word> word, Function<Word, String> expand, int fallback, Instruction run,
      BiFunction<Instruction, String, PlanException> error) {
    if (word.isEmpty()) {
      return fallback;
    }
    String value = expand.apply(word.get());
    try {
      int mode = Integer.parseInt(value, 8);
      if (mode < 0 || mode > 07777) {
        throw new NumberFormatException();
      }
      return mode;
    } catch (NumberFormatException e) {
      throw error.apply(run, "invalid mount mode \"" + value + "\": an octal number such as 0400");
    }
  }

  private static int number(Optional<Word> word, Function<Word, String> expand, int fallback, Instruction run,
      BiFunction<Instruction, String, PlanException> error, String what) {
    if (word.isEmpty()) {
      return fallback;
    }
    String value = expand.apply(word.get());
    try {
      int number = Integer.parseInt(value);
      if (number < 0) {
        throw new NumberFormatException();
      }
      return number;
    } catch (NumberFormatException e) {
      throw error.apply(run, "invalid mount " + what + " \"" + value + "\": a non-negative number");
    }
  }

  /** docker's {@code units.RAMInBytes}: 64m, 1g, 512k, 1.5GiB (powers of 1024). */
  static long size(String value, Instruction run, BiFunction<Instruction, String, PlanException> error) {
    Matcher m = SIZE.matcher(value.strip());
    if (!m.matches()) {
      throw error.apply(run, "invalid tmpfs size \"" + value + "\": e.g. 64m, 1g");
    }
    double number = Double.parseDouble(m.group(1));
    int power = "kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
    return (long) (number * Math.pow(1024, power));
  }
}
