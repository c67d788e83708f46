package dev.stowage.cli.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.cli.common.StateOptions;
import dev.stowage.engine.event.EventSink;
import dev.stowage.engine.spi.Snapshotter;
import dev.stowage.engine.store.StateDir;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The build's wiring: the context hash cache (one per context, saved when the build's services close) and the
 * runtime, opened only when a step needs a snapshot or a container.
 */
class BuildServicesTest {
  @TempDir Path root;
  @TempDir Path context;

  @Test
  void contextHashesAreSavedUnderTheStateDirectoryWhenTheServicesClose() throws IOException {
    Files.writeString(context.resolve("a.txt"), "alpha\n");
    Files.writeString(context.resolve(".dockerignore"), "ignored.txt\n");
    Files.writeString(context.resolve("ignored.txt"), "not hashed\n");
    StateOptions options = CommandLine.populateCommand(new StateOptions(), "--root", root.toString());
    Path hashes = StateDir.open(root).contextHashes();
    try (BuildServices services = BuildServices.open(options, List.of(), EventSink.NONE)) {
      services.files(context).contextDigest("", context);
      assertThat(hashes).doesNotExist(); // nothing is written before the build ends
    }
    try (Stream<Path> files = Files.list(hashes)) {
      assertThat(files.toList()).singleElement().satisfies(file -> {
        assertThat(file.getFileName().toString()).matches("[0-9a-f]{64}");
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).doesNotContain("alpha");
      });
    }
  }

  @Test
  void theRuntimeOpensAtTheFirstSnapshotterCallNotBefore() throws IOException {
    StateOptions options = CommandLine.populateCommand(new StateOptions(), "--root", root.toString());
    try (BuildServices services = BuildServices.open(options, List.of(), EventSink.NONE)) {
      Snapshotter snapshots = services.snapshotter();
      services.executor();
      assertThat(root.resolve("runc-features")).as("a fully cached build starts no runtime").doesNotExist();

      assumeTrue("root".equals(System.getProperty("user.name")), "the runtime needs root");
      assertThat(snapshots.has(Digest.sha256("no such layer"))).isFalse();
      assertThat(root.resolve("runc-features")).exists();
    }
  }
}
