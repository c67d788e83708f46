package dev.stowage.cli.build.progress;

import dev.stowage.cli.common.CliException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** docker's {@code --progress} values: how a build reports itself on stderr. */
public enum ProgressMode {
  /** {@link #TTY} when stderr is a terminal, else {@link #PLAIN}. */
  AUTO,
  /** A live view redrawn in place. */
  TTY,
  /** BuildKit's plain lines ({@code #3 [2/3] RUN make}), for CI logs. */
  PLAIN,
  /** One JSON object per line per event, BuildKit's SolveStatus shape (docs/progress.md). */
  RAWJSON,
  /** Nothing but warnings on stderr; the image ID on stdout ({@code docker build -q}). */
  QUIET;

  static final String ENV = "BUILDKIT_PROGRESS";

  /**
   * The mode a build uses: {@code --progress} if given, else {@code $BUILDKIT_PROGRESS} if set (as docker honours
   * it), else auto; {@code -q} means quiet and, as with buildx, contradicts an explicit other mode.
   */
  public static ProgressMode choose(Optional<String> flag, boolean quiet, Map<String, String> env) {
    Optional<ProgressMode> explicit = flag.map(value -> parse(value, "--progress"));
    if (quiet) {
      explicit.filter(mode -> mode != AUTO && mode != QUIET).ifPresent(mode -> {
        throw CliException.usage("--progress=" + flag.get() + " and --quiet cannot be used together");
      });
      return QUIET;
    }
    if (explicit.isPresent()) {
      return explicit.get();
    }
    String fromEnv = env.getOrDefault(ENV, "");
    return fromEnv.isBlank() ? AUTO : parse(fromEnv, ENV);
  }

  static ProgressMode parse(String value, String source) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(source + " must be auto, tty, plain, rawjson or quiet, got '" + value + "'");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
