package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code --mount=[type=bind,]target=[,source=][,from=][,ro|rw]} (read-only unless rw). */
public record BindMount(SourceRange range, List<MountOption> options, Optional<Word> target, Optional<Word> source,
    Optional<Word> from, Optional<Boolean> readOnly) implements MountSpec {
  public BindMount {
    Objects.requireNonNull(range, "range");
    options = List.copyOf(options);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(readOnly, "readOnly");
  }

  @Override
  public MountType type() {
    return MountType.BIND;
  }
}
