package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code --mount=type=tmpfs,target=[,size=]}. */
public record TmpfsMount(SourceRange range, List<MountOption> options, Optional<Word> target, Optional<Word> size)
    implements MountSpec {
  public TmpfsMount {
    Objects.requireNonNull(range, "range");
    options = List.copyOf(options);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(size, "size");
  }

  @Override
  public MountType type() {
    return MountType.TMPFS;
  }
}
