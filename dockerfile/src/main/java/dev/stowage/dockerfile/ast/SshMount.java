package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code --mount=type=ssh[,id=][,target=][,required][,mode=][,uid=][,gid=]}. */
public record SshMount(SourceRange range, List<MountOption> options, Optional<Word> id, Optional<Word> target,
    Optional<Boolean> required, Optional<Word> mode, Optional<Word> uid, Optional<Word> gid,
    Optional<Boolean> readOnly) implements MountSpec {
  public SshMount {
    Objects.requireNonNull(range, "range");
    options = List.copyOf(options);
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(required, "required");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(gid, "gid");
    Objects.requireNonNull(readOnly, "readOnly");
  }

  @Override
  public MountType type() {
    return MountType.SSH;
  }
}
