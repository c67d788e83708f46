package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code --mount=type=cache,target=[,id=][,from=][,source=][,ro|rw][,sharing=shared|private|locked][,mode=]
 * [,uid=][,gid=]}.
 */
public record CacheMount(SourceRange range, List<MountOption> options, Optional<Word> target, Optional<Word> id,
    Optional<Word> from, Optional<Word> source, Optional<Boolean> readOnly, Optional<Word> sharing,
    Optional<Word> mode, Optional<Word> uid, Optional<Word> gid) implements MountSpec {
  public CacheMount {
    Objects.requireNonNull(range, "range");
    options = List.copyOf(options);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(readOnly, "readOnly");
    Objects.requireNonNull(sharing, "sharing");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(gid, "gid");
  }

  @Override
  public MountType type() {
    return MountType.CACHE;
  }
}
