package dev.stowage.oci.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LstatTest {
  @TempDir Path dir;
  private Lstat statx;

  @BeforeEach
  void linked() {
    Assumptions.assumeTrue(Runtime.version().feature() >= 22, "the foreign function API needs Java 22");
    statx = Lstat.system().orElseThrow();
  }

  @Test
  void saysWhatTheJdksUnixViewSaysForEveryKindOfEntry() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "content");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00.123456789Z")));
    Path directory = Files.createDirectory(dir.resolve("dir"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
    Path hardLink = Files.createLink(dir.resolve("hard"), file);
    Path fifo = dir.resolve("fifo");
    Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");

    for (Path path : List.of(file, directory, link, dangling, hardLink, fifo, Path.of("/dev/null"), Path.of("/"))) {
      Map<String, Object> jdk = Files.readAttributes(path,
          "unix:mode,uid,gid,size,lastModifiedTime,lastAccessTime,ctime,dev,ino,nlink,rdev", LinkOption.NOFOLLOW_LINKS);
      Lstat.Status status = statx.lstat(path);
      assertThat(status.mode()).as("mode of %s", path).isEqualTo(jdk.get("mode"));
      assertThat(status.uid()).as("uid of %s", path).isEqualTo(jdk.get("uid"));
      assertThat(status.gid()).as("gid of %s", path).isEqualTo(jdk.get("gid"));
      assertThat(status.size()).as("size of %s", path).isEqualTo(jdk.get("size"));
      assertThat(status.mtime()).as("mtime of %s", path).isEqualTo(jdk.get("lastModifiedTime"));
      assertThat(status.atime()).as("atime of %s", path).isEqualTo(jdk.get("lastAccessTime"));
      assertThat(status.ctime()).as("ctime of %s", path).isEqualTo(jdk.get("ctime"));
      assertThat(status.dev()).as("dev of %s", path).isEqualTo(jdk.get("dev"));
      assertThat(status.ino()).as("ino of %s", path).isEqualTo(jdk.get("ino"));
      assertThat(status.nlink()).as("nlink of %s", path).isEqualTo(jdk.get("nlink"));
      assertThat(status.rdev()).as("rdev of %s", path).isEqualTo(jdk.get("rdev"));
    }
    assertThat(statx.lstat(hardLink).nlink()).isEqualTo(2);
    assertThat(statx.lstat(file).mtime()).isEqualTo(FileTime.from(Instant.parse("2024-01-01T00:00:00.123456789Z")));
  }

  @Test
  void failsAsTheJdkDoes() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> statx.lstat(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> statx.lstat(file.resolve("below"))).isInstanceOf(FileSystemException.class)
        .hasMessageContaining("Not a directory");
  }

  @Test
  void pathsLongerThanTheFirstBufferAndNotUtf8SafeNamesWork() throws Exception {
    Path deep = dir;
    for (int i = 0; i < 30; i++) {
      deep = deep.resolve("directory-with-a-long-name-" + i);
    }
    Files.createDirectories(deep);
    Path odd = Files.writeString(deep.resolve("naïve ☃ file"), "x");
    assertThat(statx.lstat(odd).size()).isEqualTo(1);
    assertThat(statx.lstat(odd).ino()).isEqualTo(Files.getAttribute(odd, "unix:ino", LinkOption.NOFOLLOW_LINKS));
  }
}
