package dev.stowage.cli.build.progress;

import dev.stowage.cli.common.CliException;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/** Picks the renderer for a {@link ProgressMode}. */
public final class Progress {
  private Progress() {}

  /**
   * The sink for {@code mode}, writing to {@code err} (stderr). Auto and tty look at stderr's terminal
   * ({@link Terminal#onStderr}); like BuildKit, tty without a terminal is an error, not a fallback.
   */
  public static ProgressSink open(ProgressMode mode, PrintStream err, Map<String, String> env) {
    boolean wantsTerminal = mode == ProgressMode.AUTO || mode == ProgressMode.TTY;
    return open(mode, err, wantsTerminal ? Terminal.onStderr(env) : Optional.empty());
  }

  static ProgressSink open(ProgressMode mode, PrintStream err, Optional<Terminal> terminal) {
    if (terminal.isPresent() && (mode == ProgressMode.AUTO || mode == ProgressMode.TTY)) {
      return TtyProgress.start(err, terminal.get(), InstantSource.system());
    }
    return switch (mode) {
      case AUTO, PLAIN -> new PlainProgress(err, false);
      case TTY -> throw CliException.usage("--progress=tty needs stderr to be a terminal; use --progress=plain"
          + " (or auto) when it is a file or a pipe");
      case RAWJSON -> new RawJsonProgress(err, InstantSource.system());
      case QUIET -> new PlainProgress(err, true);
    };
  }
}
