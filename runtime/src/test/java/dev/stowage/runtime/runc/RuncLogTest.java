package dev.stowage.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuncLogTest {

  @Test
  void keepsErrorMessagesWithoutRuncsGenericPrefixes() {
    String log = """
        {"level":"warning","msg":"cgroup v1 is deprecated","time":"2026-11-27T02:31:43Z"}
        not json at all
        {"level":"error","msg":"runc run failed: unable to start container process: exec: \\"/nope\\": stat /nope: no such file or directory","time":"2026-11-27T02:31:43Z"}
        """;

    assertThat(RuncLog.errors(log))
        .containsExactly("exec: \"/nope\": stat /nope: no such file or directory");
  }

  @Test
  void anEmptyLogHasNoErrors() {
    assertThat(RuncLog.errors("")).isEmpty();
  }
}
