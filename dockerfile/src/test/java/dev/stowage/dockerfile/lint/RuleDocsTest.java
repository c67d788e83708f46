package dev.stowage.dockerfile.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/lint-rules.md is generated from the Rule records; this test fails when the committed file is stale. */
class RuleDocsTest {
  private static final Path DOCS = Path.of("..", "docs", "lint-rules.md");

  @Test
  void committedDocsMatchTheRules() throws IOException {
    String generated = RuleDocs.markdown();
    if (Boolean.getBoolean("stowage.updateDocs")) {
      Files.createDirectories(DOCS.getParent());
      Files.writeString(DOCS, generated, StandardCharsets.UTF_8);
    }
    String committed = Files.exists(DOCS) ? Files.readString(DOCS, StandardCharsets.UTF_8) : "";
    assertThat(committed)
        .as("docs/lint-rules.md is stale; regenerate it with: mvn -q -B -pl dockerfile -am test -Dtest=RuleDocsTest"
            + " -Dstowage.updateDocs=true -Dsurefire.failIfNoSpecifiedTests=false")
        .isEqualTo(generated);
  }

  @Test
  void everyRuleIsDocumentedWithItsAliases() {
    String md = RuleDocs.markdown();
    for (Rule r : Rules.all()) {
      assertThat(md).contains("### " + r.id() + "\n");
      r.aliases().forEach(a -> assertThat(md).contains("`" + a + "`"));
    }
  }

  @Test
  void ruleIdsAreUnique() {
    assertThat(Rules.all()).extracting(Rule::id).doesNotHaveDuplicates();
  }
}
