package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;

/** The command of RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD: shell form or exec (JSON array) form. */
public sealed interface CommandForm permits ShellForm, ExecForm {
  SourceRange range();
}
