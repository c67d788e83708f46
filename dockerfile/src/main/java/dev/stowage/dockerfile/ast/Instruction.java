package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.List;

/** One Dockerfile instruction. Every record keeps its {@link Origin}: range, original text, flags, comments. */
public sealed interface Instruction
    permits From, Arg, Env, Label, Workdir, User, Run, Copy, Add, Cmd, Entrypoint, Shell, Expose, Volume,
        Healthcheck, StopSignal, Onbuild, Maintainer {

  Origin origin();

  Keyword keyword();

  default SourceRange range() {
    return origin().range();
  }

  /** The logical line as written (continuations joined), see {@link Origin#original()}. */
  default String original() {
    return origin().original();
  }

  default List<Flag> flags() {
    return origin().flags();
  }

  default int line() {
    return origin().line();
  }
}
