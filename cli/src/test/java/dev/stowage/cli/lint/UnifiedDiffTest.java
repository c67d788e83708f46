package dev.stowage.cli.lint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
  private static final String TEN = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";

  @Test
  void identicalTextsHaveNoDiff() {
    assertThat(UnifiedDiff.diff("a", "b", TEN, TEN)).isEmpty();
  }

  @Test
  void oneChangedLineWithThreeLinesOfContext() {
    assertThat(UnifiedDiff.diff("a/f", "b/f", TEN, TEN.replace("5\n", "five\n"))).isEqualTo("""
        --- a/f
        +++ b/f
        @@ -2,7 +2,7 @@
         2
         3
         4
        -5
        +five
         6
         7
         8
        """);
  }

  @Test
  void distantChangesMakeTwoHunks() {
    String changed = TEN.replace("1\n", "one\n").replace("10\n", "ten\n");
    String diff = UnifiedDiff.diff("a", "b", TEN, changed);
    assertThat(diff).contains("@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n").contains("@@ -7,4 +7,4 @@\n 7\n 8\n 9\n-10\n+ten\n");
  }

  @Test
  void anInsertedLine() {
    assertThat(UnifiedDiff.diff("a", "b", "x\ny\n", "x\nnew\ny\n")).isEqualTo("--- a\n+++ b\n@@ -1,2 +1,3 @@\n x\n+new\n y\n");
  }
}
