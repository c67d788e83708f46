package dev.stowage.dockerfile.lint;

import java.util.List;

/** Renders docs/lint-rules.md from the {@link Rule} records, so the docs cannot drift from the rules. */
public final class RuleDocs {
  private RuleDocs() {}

  /** The whole document. */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# stowage lint rules\n\n")
        .append("<!-- Generated from dev.stowage.dockerfile.lint.Rules by RuleDocs; do not edit by hand.\n")
        .append("     Regenerate: mvn -q -B -pl dockerfile -am test -Dtest=RuleDocsTest -Dstowage.updateDocs=true"
            + " -Dsurefire.failIfNoSpecifiedTests=false -->\n\n")
        .append("`stowage lint [-f DOCKERFILE] [--build-arg K=V]... [--format text|json|sarif] [--check OPTIONS]")
        .append(" [--fix [--in-place]] [CONTEXT]`\n\n")
        .append("Secret rules are errors (exit status 3); BuildKit's build checks are warnings unless `error=true`.\n")
        .append("Configure with BuildKit's syntax, in the Dockerfile or with `--check`:\n\n")
        .append("```dockerfile\n# check=skip=JSONArgsRecommended,secret-env;error=true\n```\n\n")
        .append("A `# check=skip=RULE[,RULE]` comment directly above an instruction skips those rules for that")
        .append(" instruction only. Rules are named by id or alias (`SecretsUsedInArgOrEnv` names both `secret-arg`")
        .append(" and `secret-env`). Experimental rules run only with `experimental=RULE` (or `all`).\n\n")
        .append("A finding never prints a whole secret: evidence is redacted to a format's public prefix and `****`.\n\n");
    md.append("| id | alias | severity | title |\n| --- | --- | --- | --- |\n");
    for (Rule r : Rules.all()) {
      String alias = String.join(", ", r.aliases());
      md.append("| [`").append(r.id()).append("`](#").append(anchor(r.id())).append(") | ")
          .append(alias.isEmpty() ? "" : "`" + alias + "`").append(" | ").append(r.severity().label())
          .append(r.experimental() ? " (experimental)" : "").append(" | ").append(r.title()).append(" |\n");
    }
    section(md, "Secret rules", Category.SECRETS);
    section(md, "BuildKit build checks", Category.BUILD_CHECKS);
    return md.toString();
  }

  private static void section(StringBuilder md, String title, Category category) {
    md.append("\n## ").append(title).append("\n");
    List<Rule> rules = Rules.all().stream().filter(r -> r.category() == category).toList();
    for (Rule r : rules) {
      md.append("\n### ").append(r.id()).append("\n\n")
          .append("**").append(r.title()).append("** (").append(r.severity().label())
          .append(r.experimental() ? ", experimental" : "").append(")")
          .append(r.aliases().isEmpty() ? "" : "; also named `" + String.join("`, `", r.aliases()) + "`")
          .append("\n\n").append(r.description()).append("\n\n")
          .append("Message: `").append(r.messageFormat()).append("`\n\n");
      if (r.category() == Category.BUILD_CHECKS) {
        md.append("BuildKit documentation: <").append(r.docsUrl()).append(">\n");
      }
    }
  }

  private static String anchor(String id) {
    return id.toLowerCase(java.util.Locale.ROOT);
  }
}
