package dev.stowage.oci.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @TempDir Path dir;

  @Test
  void removesATreeButNothingALinkInItPointsTo() throws Exception {
    Path outside = Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("keep.txt"), "keep");
    Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
    Files.writeString(tree.resolve("f.txt"), "x");
    Files.createSymbolicLink(dir.resolve("tree/a/link"), dir.resolve("outside"));
    FileTrees.removeAll(dir.resolve("tree"));
    assertThat(dir.resolve("tree")).doesNotExist();
    assertThat(outside).hasContent("keep");
  }

  @Test
  void aLinkIsRemovedItselfAndAMissingPathIsFine() throws Exception {
    Path target = Files.createDirectories(dir.resolve("target"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    FileTrees.removeAll(link);
    assertThat(link).doesNotExist();
    assertThat(target).isDirectory();
    FileTrees.removeAll(dir.resolve("never-there"));
  }
}
