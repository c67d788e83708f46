package dev.stowage.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.ignore.DockerIgnore;
import dev.stowage.dockerfile.parse.DockerfileParser;
import dev.stowage.engine.plan.BaseSource;
import dev.stowage.engine.plan.BuildPlan;
import dev.stowage.engine.plan.BuildRequest;
import dev.stowage.engine.plan.CopySource;
import dev.stowage.engine.plan.PlannedStep;
import dev.stowage.engine.plan.Planner;
import dev.stowage.engine.plan.StagePlan;
import dev.stowage.oci.ContainerConfig;
import dev.stowage.oci.Digest;
import dev.stowage.oci.HistoryEntry;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.Platform;
import dev.stowage.oci.RootFs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The COPY/ADD cases of the shared conformance corpus, replayed on real directories: each case's context is laid
 * out as the harness does (lib/cases.py), the Dockerfile is planned, its COPY/ADD and WORKDIR steps run through
 * {@link Copier} over a fake busybox base (lib/mkbase.py), and the resulting tree is compared with BuildKit's
 * recorded {@code rootfs} (type, mode, owner, size, sha256, symlink target, hard-link group). RUN steps cannot run
 * here: a few are replayed by hand, otherwise the comparison is limited to the paths the copies produce.
 */
class CopyConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> ENTRY = new TypeReference<>() {};
  private static final Path CASES = locateCases();
  private static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n"
      + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
  private static final String GROUP = "root:x:0:\napp:x:1000:\nnogroup:x:65534:\n";

  /** The cases and the paths compared in each ("/" for the whole tree). */
  private static final Map<String, List<String>> COMPARED = new LinkedHashMap<>();

  static {
    COMPARED.put("copy-wildcards", List.of("/"));
    COMPARED.put("copy-directory-semantics", List.of("/"));
    COMPARED.put("copy-chmod", List.of("/"));
    COMPARED.put("copy-chown-forms", List.of("/"));
    COMPARED.put("copy-parents-exclude", List.of("/"));
    COMPARED.put("add-local-files", List.of("/"));
    COMPARED.put("add-local-tar-extract", List.of("/"));
    COMPARED.put("dockerignore-patterns", List.of("/ctx"));
    COMPARED.put("dockerignore-excludes-credentials", List.of("/app"));
    COMPARED.put("symlinks-and-hardlinks", List.of("/copied", "/copied-dirlink", "/copied-realdir"));
    COMPARED.put("modes-and-ownership", List.of("/m"));
    COMPARED.put("user-workdir-copy-ownership", List.of("/home/app/project", "/opt"));
    COMPARED.put("multistage-copy-from-name", List.of("/"));
    COMPARED.put("from-scratch-copy-only", List.of("/"));
    COMPARED.put("heredoc-run-and-copy",
        List.of("/hd/copied.txt", "/hd/expanded.txt", "/hd/literal.txt", "/hd/tabs.txt"));
    COMPARED.put("copy-link-flag", List.of("/"));
    COMPARED.put("fail-copy-missing-source", List.of());
  }

  @TempDir
  Path work;

  private static Path locateCases() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("../shared/conformance/cases").normalize();
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @TestFactory
  Stream<DynamicTest> copiesMatchBuildKitsRecordedFilesystem() {
    Assumptions.assumeTrue(CASES != null, "../shared/conformance/cases not found beside the repository");
    return COMPARED.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
      Path dir = CASES.resolve(name);
      Assumptions.assumeTrue(Files.isDirectory(dir), "case " + name + " is not in the corpus");
      check(name, dir);
    }));
  }

  private void check(String name, Path caseDir) throws IOException {
    JsonNode spec = JSON.readTree(caseDir.resolve("case.json").toFile());
    JsonNode expected = JSON.readTree(caseDir.resolve("expected.json").toFile());
    Path caseWork = Files.createDirectories(work.resolve(name));
    Path context = CaseContext.prepare(caseDir, spec, caseWork.resolve("context"));
    Dockerfile dockerfile = DockerfileParser.parse(Files.readString(caseDir.resolve("Dockerfile")), "Dockerfile")
        .dockerfile();
    Map<String, String> args = new LinkedHashMap<>();
    spec.path("build_args").properties().forEach(e -> args.put(e.getKey(), e.getValue().asText()));
    BuildRequest request = BuildRequest.defaults("Dockerfile").withBuildArgs(args)
        .withTarget(spec.hasNonNull("target") ? Optional.of(spec.get("target").asText()) : Optional.empty());
    BuildPlan plan = Planner.plan(dockerfile, request, CopyConformanceTest::baseImage,
        text -> DockerfileParser.parse("FROM scratch\n" + text + "\n", "ONBUILD").dockerfile().stages().get(0)
            .body().get(0));

    if (!"success".equals(expected.path("outcome").asText())) {
      assertThatThrownBy(() -> build(name, plan, context, caseWork)).isInstanceOf(CopyException.class);
      return;
    }
    Path root = build(name, plan, context, caseWork);
    Path base = busybox(caseWork.resolve("base"));
    Map<String, Map<String, Object>> changed = changedPaths(view(base), view(root));
    List<String> prefixes = COMPARED.get(name);
    boolean partial = expected.path("partial").asBoolean();

    Map<String, Map<String, Object>> wanted = new TreeMap<>();
    expected.get("rootfs").properties().forEach(e -> {
      if (under(e.getKey(), prefixes)) {
        wanted.put(e.getKey(), JSON.convertValue(e.getValue(), ENTRY));
      }
    });
    assertThat(wanted).as("expected paths of %s", name).isNotEmpty();
    for (Map.Entry<String, Map<String, Object>> e : wanted.entrySet()) {
      Map<String, Object> actual = changed.get(e.getKey());
      assertThat(actual).as("%s in %s", e.getKey(), name).isNotNull();
      for (Map.Entry<String, Object> field : e.getValue().entrySet()) {
        assertThat(actual.get(field.getKey())).as("%s of %s in %s", field.getKey(), e.getKey(), name)
            .isEqualTo(field.getValue());
      }
    }
    if (!partial) {
      List<String> extra = changed.keySet().stream().filter(p -> under(p, prefixes) && !wanted.containsKey(p))
          .toList();
      assertThat(extra).as("paths changed in %s that BuildKit did not change", name).isEmpty();
    }
    for (JsonNode absent : expected.path("absent")) {
      assertThat(Files.exists(root.resolve(absent.asText().substring(1)), LinkOption.NOFOLLOW_LINKS))
          .as("%s must not exist in %s", absent.asText(), name).isFalse();
    }
  }

  private static boolean under(String path, List<String> prefixes) {
    return prefixes.stream().anyMatch(p -> p.equals("/") || path.equals(p) || path.startsWith(p + "/"));
  }

  // ---------------------------------------------------------------- building

  /** Runs every stage's COPY/ADD and WORKDIR steps; returns the target stage's root. */
  private Path build(String name, BuildPlan plan, Path context, Path caseWork) throws IOException {
    DockerIgnore ignore = Files.isRegularFile(context.resolve(".dockerignore"))
        ? DockerIgnore.parse(Files.readString(context.resolve(".dockerignore")), ".dockerignore")
        : DockerIgnore.none();
    Map<Integer, Path> roots = new HashMap<>();
    Path root = null;
    for (StagePlan stage : plan.stages()) {
      root = Files.createDirectories(caseWork.resolve("stage-" + stage.index()));
      FileOps.chmod(root, 0755);
      switch (stage.base()) {
        case BaseSource.Image image -> busybox(root);
        case BaseSource.Scratch scratch -> { }
        case BaseSource.Stage from -> Copier.copy(CopyRequest.fromFilesystem(roots.get(from.index()),
            List.of("/"), root, "/"));
      }
      for (PlannedStep step : stage.steps()) {
        switch (step) {
          case PlannedStep.Copy copy -> {
            Path sourceRoot = switch (copy.source()) {
              case CopySource.Context c -> context;
              case CopySource.Stage s -> roots.get(s.index());
              case CopySource.Image i -> throw new IllegalStateException("no image sources in these cases");
            };
            Copier.copy(CopyRequest.forStep(copy, sourceRoot, ignore, root));
          }
          case PlannedStep.Workdir workdir -> mkdirs(root, workdir.path(), workdir.user());
          case PlannedStep.Run run -> replayRun(name, run, root);
        }
      }
      roots.put(stage.index(), root);
    }
    return root;
  }

  /** WORKDIR: BuildKit's mkdir with parents, 0755, owned by the USER resolved as for --chown. */
  private static void mkdirs(Path root, String path, String user) {
    Optional<Owner> owner = user.isEmpty() ? Optional.empty()
        : Optional.of(UserResolver.forRoot(root).chownOwner(user));
    Copier.makeDirectories(root, path, owner);
  }

  /** The few RUN steps whose output later copies read, done by hand. */
  private static void replayRun(String name, PlannedStep.Run run, Path root) throws IOException {
    String command = String.join(" ", run.argv());
    if (name.equals("multistage-copy-from-name") && command.contains("/out/app.built")) {
      StringBuilder built = new StringBuilder();
      for (String line : Files.readAllLines(root.resolve("src/app.txt"))) {
        built.append("built: ").append(line).append('\n');
      }
      Fs.dir(root, "out/bin", 0755);
      Fs.file(root, "out/app.built", built.toString());
      Fs.file(root, "out/bin/run", "#!/bin/sh\necho run\n", 0755);
    } else if (name.equals("multistage-copy-from-name") && command.contains("/assets/img")) {
      Fs.dir(root, "assets/img", 0755);
      Fs.file(root, "assets/one", "asset\n");
      Fs.file(root, "assets/img/two", "two\n");
    } else if (name.equals("copy-link-flag") && command.contains("base.txt")) {
      Fs.dir(root, "app", 0755);
      Fs.file(root, "app/base.txt", "base\n");
    }
  }

  /** lib/mkbase.py's busybox:1 layout, with a stand-in binary. */
  private static Path busybox(Path root) throws IOException {
    Files.createDirectories(root);
    FileOps.chmod(root, 0755);
    for (String d : List.of("bin", "etc", "home", "usr", "usr/bin", "var")) {
      Fs.dir(root, d, 0755);
    }
    Fs.chown(Fs.dir(root, "home/app", 0755), 1000, 1000);
    Fs.dir(root, "root", 0700);
    Fs.dir(root, "tmp", 01777);
    Fs.file(root, "bin/busybox", "stand-in for the static busybox\n", 0755);
    for (String applet : List.of("sh", "cat", "ls", "mkdir", "sed")) {
      Fs.symlink(root, "bin/" + applet, "/bin/busybox");
    }
    Fs.file(root, "etc/passwd", PASSWD);
    Fs.file(root, "etc/group", GROUP);
    return root;
  }

  private static ImageConfig baseImage(String reference) {
    List<HistoryEntry> history = List.of(new HistoryEntry(Optional.empty(), "base", "", "", false));
    ContainerConfig config = ContainerConfig.EMPTY
        .withEnv(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")).withCmd(List.of("sh"));
    return ImageConfig.scratch(Platform.parse("linux/amd64")).withConfig(config).withHistory(history)
        .withRootfs(RootFs.of(List.of(Digest.sha256("layer 1"))));
  }

  // ---------------------------------------------------------------- the corpus's view of a tree

  /** Every path of a tree as lib/imagefs.py records it; hard-link groups are labelled by their smallest path. */
  private static Map<String, Map<String, Object>> view(Path root) throws IOException {
    Map<String, Map<String, Object>> view = new TreeMap<>();
    Map<Long, List<String>> inodes = new HashMap<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (!dir.equals(root)) {
          add(dir);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        add(file);
        return FileVisitResult.CONTINUE;
      }

      private void add(Path path) throws IOException {
        String name = "/" + root.relativize(path).toString();
        UnixAttrs a = UnixAttrs.lstat(path);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", switch (a.type()) {
          case DIRECTORY -> "dir";
          case FILE -> "file";
          case SYMLINK -> "symlink";
          case FIFO -> "fifo";
          default -> "device";
        });
        entry.put("mode", String.format("%04o", a.mode()));
        entry.put("uid", a.uid());
        entry.put("gid", a.gid());
        if (a.isFile()) {
          byte[] content = Files.readAllBytes(path);
          entry.put("size", content.length);
          entry.put("sha256", HexFormat.of().formatHex(CopyWriter.sha256().digest(content)));
          entry.put("text", new String(content, StandardCharsets.UTF_8));
          if (a.nlink() > 1) {
            inodes.computeIfAbsent(a.ino(), k -> new ArrayList<>()).add(name);
          }
        } else if (a.isSymlink()) {
          entry.put("target", Files.readSymbolicLink(path).toString());
        }
        view.put(name, entry);
      }
    });
    for (List<String> group : inodes.values()) {
      String label = group.stream().sorted().findFirst().orElseThrow();
      for (String member : group) {
        view.get(member).put("hardlink", label);
      }
    }
    return view;
  }

  /** Paths that are new or differ from the base (hard-link labels and text aside). */
  private static Map<String, Map<String, Object>> changedPaths(Map<String, Map<String, Object>> base,
      Map<String, Map<String, Object>> result) {
    Map<String, Map<String, Object>> changed = new TreeMap<>();
    for (Map.Entry<String, Map<String, Object>> e : result.entrySet()) {
      Map<String, Object> before = base.get(e.getKey());
      if (before == null || !comparable(before).equals(comparable(e.getValue()))) {
        changed.put(e.getKey(), e.getValue());
      }
    }
    return changed;
  }

  private static Map<String, Object> comparable(Map<String, Object> entry) {
    Map<String, Object> copy = new TreeMap<>(entry);
    copy.remove("hardlink");
    copy.remove("text");
    return copy;
  }
}
