package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The code every build runs has no pattern-matching switch: JDK 25 generates a class for each one at its first
 * execution (about half a millisecond of interpreted work, which the AOT cache does not keep), and a short build
 * would run some thirty of them once each (docs/architecture.md, "Start-up").
 */
class StartupPathTest {
  /** The packages a build runs through, from the command line to the runtime. */
  private static final List<String> BUILD_PATH = List.of("dev/stowage/cli/build", "dev/stowage/engine",
      "dev/stowage/dockerfile/parse", "dev/stowage/dockerfile/expand", "dev/stowage/secrets", "dev/stowage/oci",
      "dev/stowage/runtime");

  /** Progress views only a terminal or a tool asks for; a build in CI prints plain progress. */
  private static final Set<String> NOT_ON_EVERY_BUILD = Set.of("dev/stowage/cli/build/progress/BuildTrace",
      "dev/stowage/cli/build/progress/TtyFrame", "dev/stowage/cli/build/progress/RawJsonProgress");

  private static final String SWITCH_BOOTSTRAPS = "java/lang/runtime/SwitchBootstraps";

  @Test
  void noClassOnTheBuildPathHasAPatternSwitch() throws IOException {
    List<String> classes = new ArrayList<>();
    for (String pkg : BUILD_PATH) {
      classes.addAll(classesUnder(pkg));
    }
    assertThat(classes).hasSizeGreaterThan(200); // the scan found the modules' classes at all

    List<String> offending = new ArrayList<>();
    for (String name : classes) {
      String outer = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
      if (NOT_ON_EVERY_BUILD.contains(outer)) {
        continue;
      }
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(name + ".class")) {
        if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(SWITCH_BOOTSTRAPS)) {
          offending.add(name);
        }
      }
    }
    assertThat(offending).as("classes calling %s (pattern switches)", SWITCH_BOOTSTRAPS).isEmpty();
  }

  @Test
  void theCheckSeesAPatternSwitch() throws IOException {
    // The progress view for terminals keeps its pattern switch: the search must find it there.
    try (InputStream in = getClass().getClassLoader()
        .getResourceAsStream("dev/stowage/cli/build/progress/BuildTrace.class")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).contains(SWITCH_BOOTSTRAPS);
    }
  }

  /** Every class file under a package, as its resource name without ".class", from directories and jars alike. */
  private List<String> classesUnder(String pkg) throws IOException {
    List<String> found = new ArrayList<>();
    for (URL url : Collections.list(getClass().getClassLoader().getResources(pkg))) {
      URI uri = URI.create(url.toString());
      if (uri.getScheme().equals("jar")) {
        String spec = uri.toString();
        try (FileSystem jar = FileSystems.newFileSystem(URI.create(spec.substring(0, spec.indexOf("!/"))), Map.of())) {
          collect(jar.getPath("/" + pkg), jar.getPath("/"), found);
        }
      } else {
        Path dir = Path.of(uri);
        Path root = dir;
        for (int i = 0; i < pkg.split("/").length; i++) {
          root = root.getParent();
        }
        collect(dir, root, found);
      }
    }
    return found;
  }

  private static void collect(Path dir, Path root, List<String> found) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
        String relative = root.relativize(f).toString().replace('\\', '/');
        found.add(relative.substring(0, relative.length() - ".class".length()));
      });
    }
  }
}
