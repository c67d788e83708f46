package dev.stowage.dockerfile.lint;

import dev.stowage.dockerfile.ast.Arg;

/** secret-arg and secret-env, from the verdicts of the scope walk. */
final class SecretVariableCheck {
  private SecretVariableCheck() {}

  static void run(LintContext ctx) {
    for (VariableVerdict v : ctx.facts.verdicts()) {
      boolean isArg = v.instruction() instanceof Arg;
      Rule rule = isArg ? Rules.SECRET_ARG : Rules.SECRET_ENV;
      String id = SecretArgFix.secretId(v.name());
      String hint = isArg
          ? "pass it as a build secret: RUN --mount=type=secret,id=" + id + ",env=" + v.name() + " <command>, built"
              + " with --secret id=" + id + ",env=" + v.name() + " (stowage lint --fix rewrites this ARG)"
          : "set it only for the step that needs it: RUN --mount=type=secret,id=" + id + ",env=" + v.name()
              + " <command>, or provide it when the container starts";
      String message = (isArg ? "ARG " : "ENV ") + v.name() + ": " + v.reason();
      ctx.report(rule, v.instruction(), v.range(), message, hint, v.match());
      if (v.literalCredential()) {
        String keyword = isArg ? "ARG" : "ENV";
        ctx.report(Rules.HARDCODED_SECRET, v.instruction(), v.range(), keyword + " " + v.name() + " holds a hard-coded "
            + v.credentialTitle() + "; it is stored in the image and in every copy of the Dockerfile",
            "remove it from the Dockerfile, revoke it, and pass it at build time with --secret", v.match());
      }
    }
  }
}
