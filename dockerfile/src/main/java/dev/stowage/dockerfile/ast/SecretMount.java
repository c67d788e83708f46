package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code --mount=type=secret[,id=][,target|dst|destination=][,env=][,required][,mode=][,uid=][,gid=]}.
 *
 * @param id the {@code id=} option
 * @param source the {@code source=}/{@code src=} option, which BuildKit accepts as the id
 * @param env the {@code env=} option: expose the secret as this environment variable
 * @param required empty unless written; a bare {@code required} is true
 */
public record SecretMount(SourceRange range, List<MountOption> options, Optional<Word> id, Optional<Word> source,
    Optional<Word> target, Optional<Word> env, Optional<Boolean> required, Optional<Word> mode, Optional<Word> uid,
    Optional<Word> gid, Optional<Boolean> readOnly) implements MountSpec {
  public SecretMount {
    Objects.requireNonNull(range, "range");
    options = List.copyOf(options);
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(required, "required");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(gid, "gid");
    Objects.requireNonNull(readOnly, "readOnly");
  }

  /** The id as written: {@code id=}, else {@code source=}; empty when only a target or env names the secret. */
  public Optional<Word> idOrSource() {
    return id.isPresent() ? id : source;
  }

  @Override
  public MountType type() {
    return MountType.SECRET;
  }
}
