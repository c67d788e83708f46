package dev.stowage.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The factory's fallback, as a Java 21 runtime or an unwired platform would take it. */
class SystemMountsTest {

  @Test
  void aClassThatDoesNotLoadMeansRunningThePrograms() {
    assertThat(SystemMounts.load("dev.stowage.runtime.linux.NoSuchMounts")).isEmpty();
    assertThat(new Mounter(new ProcessCommandRunner(), Optional.empty()).usesSystemCalls()).isFalse();
  }

  @Test
  void aClassWhoseLinkingFailsMeansRunningThePrograms() {
    assertThat(SystemMounts.load(UnlinkableMounts.class.getName())).isEmpty();
    assertThat(SystemMounts.load(UnloadableMounts.class.getName())).isEmpty();
  }

  @Test
  void aClassThatLinksIsUsed() {
    assertThat(SystemMounts.load(LinkableMounts.class.getName())).containsSame(LinkableMounts.CALLS);
  }

  @Test
  void theSystemCallsAreLinkedFromJava22On() {
    assertThat(SystemMounts.foreign().isPresent()).isEqualTo(Runtime.version().feature() >= 22);
    assertThat(new Mounter(new ProcessCommandRunner()).usesSystemCalls())
        .isEqualTo(Runtime.version().feature() >= 22);
  }

  static final class UnlinkableMounts {
    static MountSyscalls linked() {
      throw new UnsupportedOperationException("mount system calls are wired for 64-bit Linux only");
    }
  }

  static final class UnloadableMounts {
    static final Object HANDLE = fail();

    static Object fail() {
      throw new IllegalCallerException("native access denied");
    }

    static MountSyscalls linked() {
      return LinkableMounts.CALLS;
    }
  }

  static final class LinkableMounts {
    static final MountSyscalls CALLS = new MountSyscalls() {
      @Override
      public int mount(String source, Path target, String fsType, long flags, String data) {
        return 0;
      }

      @Override
      public int umount2(Path target, int flags) {
        return 0;
      }
    };

    static MountSyscalls linked() {
      return CALLS;
    }
  }
}
