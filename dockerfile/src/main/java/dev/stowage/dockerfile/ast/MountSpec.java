package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.List;
import java.util.Optional;

/**
 * One {@code RUN --mount=...}, typed by its {@code type=}. Fields hold what was written (values unexpanded, as
 * Words), with aliases folded ({@code dst}/{@code destination} into target, {@code src} into source,
 * {@code ro}/{@code readonly}/{@code rw}/{@code readwrite} into readOnly). No defaults are applied: the planner
 * does that (e.g. a secret's target {@code /run/secrets/<id>} and mode 0400).
 */
public sealed interface MountSpec permits SecretMount, SshMount, CacheMount, BindMount, TmpfsMount {
  MountType type();

  /** The mount point in the container, as written. */
  Optional<Word> target();

  /** Every option in the order written, for printing back and for rules. */
  List<MountOption> options();

  /** The range of the flag value (what follows {@code --mount=}). */
  SourceRange range();

  /** The flag value as written (after BuildKit's quote removal), e.g. {@code type=secret,id=npm}. */
  default String text() {
    return String.join(",", options().stream().map(MountOption::text).toList());
  }
}
