package dev.stowage.dockerfile.lint;

import dev.stowage.detect.Redaction;
import dev.stowage.dockerfile.ast.Arg;
import dev.stowage.dockerfile.ast.Directive;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Runs every enabled rule over one Dockerfile. Pure: the build context is read only through {@link ContextView}. */
public final class Linter {
  private Linter() {}

  /**
   * Lints a Dockerfile.
   *
   * @throws LintConfigException when the {@code # check=} directive is malformed (the message names the line)
   * @throws dev.stowage.dockerfile.ignore.DockerIgnoreException when the {@code .dockerignore} is malformed
   */
  public static LintResult lint(LintRequest request) {
    LintConfig config = fileConfig(request).with(request.options());
    LintContext ctx = new LintContext(request);
    SecretVariableCheck.run(ctx);
    HardcodedSecretCheck.run(ctx);
    SecretFileCheck.run(ctx);
    BuildChecks.run(ctx);

    List<String> known = new ArrayList<>(ctx.sensitive);
    Set<String> seen = new LinkedHashSet<>();
    List<Finding> findings = new ArrayList<>();
    for (LintContext.Reported r : ctx.reported) {
      if (!config.enables(r.rule()) || skippedInline(r)) {
        continue;
      }
      Severity severity = config.failsOnFindings() ? Severity.ERROR : r.rule().severity();
      Finding f = new Finding(r.rule(), severity, request.fileName(), r.range(), Redaction.redact(r.message(), known),
          r.hint().map(h -> Redaction.redact(h, known)), Redaction.redact(r.match(), known));
      if (seen.add(f.rule().id() + "\u0000" + f.line() + "\u0000" + f.message())) {
        findings.add(f);
      }
    }
    List<Rule> order = Rules.all();
    findings.sort(Comparator.comparingInt(Finding::line).thenComparingInt(Finding::column)
        .thenComparingInt(f -> order.indexOf(f.rule())));
    List<String> secretArgs = ctx.facts.verdicts().stream()
        .filter(v -> v.instruction() instanceof Arg)
        .filter(v -> findings.stream().anyMatch(f -> f.rule() == Rules.SECRET_ARG && f.line() == v.range().startLine()))
        .map(VariableVerdict::name).distinct().toList();
    return new LintResult(findings, config, secretArgs);
  }

  private static LintConfig fileConfig(LintRequest request) {
    Optional<Directive> check = request.dockerfile().directives().find("check");
    if (check.isEmpty()) {
      return LintConfig.defaults();
    }
    try {
      return LintConfig.parse(check.get().value());
    } catch (LintConfigException e) {
      throw new LintConfigException(request.fileName() + ":" + check.get().range().startLine() + ": " + e.getMessage());
    }
  }

  private static boolean skippedInline(LintContext.Reported r) {
    if (r.instruction() == null) {
      return false;
    }
    List<String> comments = r.instruction().origin().comments();
    if (comments.isEmpty()) {
      return false;
    }
    List<String> skips = LintConfig.inlineSkips(comments.getLast());
    return skips.contains("all") || skips.stream().anyMatch(r.rule()::isNamed);
  }
}
