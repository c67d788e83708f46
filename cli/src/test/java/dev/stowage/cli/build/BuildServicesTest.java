package dev.stowage.cli.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.cli.common.StateOptions;
import dev.stowage.engine.event.EventSink;
import dev.stowage.engine.store.StateDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The build's wiring of the context hash cache: one cache per context, saved when the build's services close. */
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
}
