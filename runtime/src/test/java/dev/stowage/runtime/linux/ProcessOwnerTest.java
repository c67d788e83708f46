package dev.stowage.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessOwnerTest {

  @Test
  void readsTheStartTimeAfterACommandNameWithSpacesAndParentheses() {
    String stat = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 12 0 987654 1000 200";

    assertThat(ProcessOwner.parseStartTicks(stat)).isEqualTo(987654);
  }

  @Test
  void thisProcessIsAliveAndItsTagRoundTrips() {
    ProcessOwner self = ProcessOwner.current();

    assertThat(self.isAlive()).isTrue();
    assertThat(ProcessOwner.parseTag(self.tag())).contains(self);
  }

  @Test
  void aReusedPidIsNotTheSameProcess() {
    ProcessOwner self = ProcessOwner.current();

    assertThat(new ProcessOwner(self.pid(), self.startTicks() + 1).isAlive()).isFalse();
  }

  @Test
  void anExitedProcessIsNotAlive() throws Exception {
    Process process = new ProcessBuilder("sleep", "5").start();
    ProcessOwner child = ProcessOwner.of(process.pid()).orElseThrow();
    process.destroyForcibly().waitFor();

    assertThat(child.isAlive()).isFalse();
  }

  @Test
  void parseTagRejectsOtherNames() {
    assertThat(ProcessOwner.parseTag("bundle")).isEmpty();
    assertThat(ProcessOwner.parseTag("12.")).isEmpty();
    assertThat(ProcessOwner.parseTag("x.5")).isEmpty();
    assertThat(ProcessOwner.parseTag("-3.5")).isEmpty();
  }
}
