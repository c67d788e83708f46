package dev.stowage.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountTableTest {

  private static MountTable fixture() throws IOException {
    try (InputStream in = MountTableTest.class.getResourceAsStream("mountinfo.txt")) {
      return MountTable.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void parsesFieldsAroundTheOptionalFieldsSeparator() throws IOException {
    MountInfo overlay = fixture().mounts().get(2);

    assertThat(overlay.id()).isEqualTo(46);
    assertThat(overlay.parentId()).isEqualTo(27);
    assertThat(overlay.mountPoint()).isEqualTo(Path.of("/var/lib/stowage/snapshots/active/12.34-ab/merged"));
    assertThat(overlay.fsType()).isEqualTo("overlay");
    assertThat(overlay.superOptions()).startsWith("rw,lowerdir=l/ABC:l/DEF");
    assertThat(fixture().mounts().get(5).source()).isEqualTo("none");
  }

  @Test
  void unescapesOctalSequencesInPaths() throws IOException {
    assertThat(fixture().isMountPoint(Path.of("/mnt/with space\ttab"))).isTrue();
    assertThat(fixture().isMountPoint(Path.of("/mnt/back\\slash"))).isTrue();
  }

  @Test
  void listsMountsUnderADirectoryDeepestFirst() throws IOException {
    assertThat(fixture().mountPointsUnder(Path.of("/var/lib/stowage/snapshots"))).containsExactly(
        Path.of("/var/lib/stowage/snapshots/active/12.34-ab/merged/proc"),
        Path.of("/var/lib/stowage/snapshots/active/12.34-ab/merged"));
    assertThat(fixture().mountPointsUnder(Path.of("/var/lib/stowage/snap"))).isEmpty();
  }

  @Test
  void findsAnyMountUnderADirectory() throws IOException {
    assertThat(fixture().anyMountPointUnder(Path.of("/var/lib/stowage/snapshots/active/12.34-ab")))
        .contains(Path.of("/var/lib/stowage/snapshots/active/12.34-ab/merged")); // the first in the table
    assertThat(fixture().anyMountPointUnder(Path.of("/var/lib/stowage/snapshots/active/12.34-ab/merged/proc")))
        .contains(Path.of("/var/lib/stowage/snapshots/active/12.34-ab/merged/proc"));
    assertThat(fixture().anyMountPointUnder(Path.of("/var/lib/stowage/snap"))).isEmpty();
  }

  @Test
  void refusesAMalformedLine() {
    assertThatThrownBy(() -> MountTable.parse("22 27 0:21 / /proc rw\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed mountinfo line");
  }

  @Test
  void readsThisProcesssTable() {
    assertThat(MountTable.read().isMountPoint(Path.of("/proc"))).isTrue();
  }
}
