package dev.stowage.engine.solve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.ignore.DockerIgnore;
import dev.stowage.dockerfile.parse.DockerfileParser;
import dev.stowage.engine.copy.FileHashCache;
import dev.stowage.engine.plan.CopySource;
import dev.stowage.engine.plan.PlannedStep;
import dev.stowage.oci.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context digests that go into COPY and bind-mount cache keys: content and metadata, never times. */
class CopierStepFilesTest {
  private static final Path FIXTURE = Path.of("src/test/resources/cache/context");
  @TempDir Path context;
  private CopierStepFiles files;
  private PlannedStep.Copy copyAll;

  @BeforeEach
  void copyFixture() throws IOException {
    try (Stream<Path> paths = Files.walk(FIXTURE)) {
      for (Path p : paths.toList()) {
        Path target = context.resolve(FIXTURE.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    Files.createSymbolicLink(context.resolve("link"), Path.of("app.txt"));
    files = new CopierStepFiles(DockerIgnore.parse(Files.readString(context.resolve(".dockerignore")),
        ".dockerignore"));
    Instruction line = DockerfileParser.parse("FROM scratch\nCOPY . /app/\n", "Dockerfile").dockerfile().stages()
        .get(0).body().get(0);
    copyAll = new PlannedStep.Copy(line, "COPY . /app/", new CopySource.Context(), List.of("."), List.of(), "/app/",
        Optional.empty(), Optional.empty(), false, false, List.of(), false, "");
  }

  @Test
  void aHashCacheGivesTheSameDigestsBeforeAndAfterAnEdit(@TempDir Path state) throws IOException {
    DockerIgnore ignore = DockerIgnore.parse(Files.readString(context.resolve(".dockerignore")), ".dockerignore");
    FileHashCache hashes = FileHashCache.open(state, context);
    CopierStepFiles cached = new CopierStepFiles(ignore, hashes);
    assertThat(cached.contextDigest(copyAll, context)).isEqualTo(files.contextDigest(copyAll, context));
    assertThat(cached.contextDigest("src", context)).isEqualTo(files.contextDigest("src", context));
    hashes.save();

    Files.writeString(context.resolve("src/main.c"), "int main(){return 2;}\n");
    CopierStepFiles reopened = new CopierStepFiles(ignore, FileHashCache.open(state, context));
    assertThat(reopened.contextDigest(copyAll, context)).isEqualTo(files.contextDigest(copyAll, context));
    assertThat(reopened.contextDigest("src", context)).isEqualTo(files.contextDigest("src", context));
  }

  @Test
  void mtimesDoNotChangeTheDigest() throws IOException {
    Digest before = files.contextDigest(copyAll, context);
    Files.setLastModifiedTime(context.resolve("app.txt"), FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
    Files.setLastModifiedTime(context.resolve("src"), FileTime.from(Instant.parse("2002-02-03T04:05:06Z")));
    assertThat(files.contextDigest(copyAll, context)).isEqualTo(before);
    assertThat(files.contextDigest("src", context)).isEqualTo(files.contextDigest("src", context));
  }

  @Test
  void bytesModesAndLinkTargetsChangeTheDigest() throws IOException {
    Digest before = files.contextDigest(copyAll, context);
    Digest bindBefore = files.contextDigest("src", context);
    Files.writeString(context.resolve("src/main.c"), "int main(){return 1;}\n");
    Digest edited = files.contextDigest(copyAll, context);
    assertThat(edited).isNotEqualTo(before);
    assertThat(files.contextDigest("src", context)).isNotEqualTo(bindBefore);

    Files.setPosixFilePermissions(context.resolve("app.txt"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Digest chmodded = files.contextDigest(copyAll, context);
    assertThat(chmodded).isNotEqualTo(edited);

    Files.delete(context.resolve("link"));
    Files.createSymbolicLink(context.resolve("link"), Path.of("src/main.c"));
    assertThat(files.contextDigest(copyAll, context)).isNotEqualTo(chmodded);
  }

  @Test
  void filesHiddenByDockerignoreDoNotChangeTheDigest() throws IOException {
    Digest before = files.contextDigest(copyAll, context);
    Files.writeString(context.resolve("debug.log"), "a new line of log\n");
    Files.writeString(context.resolve("other.log"), "another log\n");
    assertThat(files.contextDigest(copyAll, context)).isEqualTo(before);
  }
}
