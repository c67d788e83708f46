package dev.stowage.secrets.tmpfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OwnerTagTest {
  @Test
  void roundTripsThroughADirectoryName() {
    OwnerTag self = OwnerTag.current();
    assertThat(OwnerTag.parse(self.encode() + "-abcdef")).contains(self);
    assertThat(self.isAlive()).isTrue();
  }

  @Test
  void rejectsWhatIsNotATag() {
    assertThat(OwnerTag.parse("12-34")).isEmpty();
    assertThat(OwnerTag.parse("x-34-r")).isEmpty();
    assertThat(OwnerTag.parse("0-34-r")).isEmpty();
    assertThat(OwnerTag.parse("12--5-r")).isEmpty();
    assertThat(OwnerTag.parse("12-34-r")).isEqualTo(Optional.of(new OwnerTag(12, 34)));
  }

  @Test
  void aReusedPidOrAMissingProcessIsNotAlive() throws Exception {
    assertThat(new OwnerTag(ProcessHandle.current().pid(), 1).isAlive()).isFalse();
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    long pid = finished.pid();
    assertThat(new OwnerTag(pid, 1).isAlive()).isFalse();
  }
}
