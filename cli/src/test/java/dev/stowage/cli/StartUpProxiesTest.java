package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A build's command line reads no annotations: reading one makes the JDK generate a proxy class per annotation
 * type (about 6 ms each, which the JVM's ahead-of-time cache cannot keep). Checked in a fresh JVM that logs every
 * class it loads, since this test's JVM has long loaded them.
 */
class StartUpProxiesTest {
  /** jdk.proxy1.$Proxy0, com.sun.proxy.$Proxy2, ... */
  private static final Pattern PROXY_CLASS = Pattern.compile("\\.\\$Proxy\\d+ ");

  @Test
  void aBuildsCommandLineLoadsNoProxyClass() throws Exception {
    List<String> loaded = classesLoadedBy("build", "--root", "/tmp/state", "-t", "app:1", "--secret",
        "id=npm,src=npmrc", "--progress", "quiet", "--debug", "-q", "ctx");

    assertThat(loaded).filteredOn(line -> PROXY_CLASS.matcher(line).find()).isEmpty();
  }

  /** The control: an annotated command does load proxy classes, so the check above can see them. */
  @Test
  void anAnnotatedCommandsCommandLineDoesLoadProxyClasses() throws Exception {
    List<String> loaded = classesLoadedBy("lint", "--help");

    assertThat(loaded).anyMatch(line -> PROXY_CLASS.matcher(line).find());
  }

  private static List<String> classesLoadedBy(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto", "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
        CommandLineOnly.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    List<String> lines = output.lines().toList();
    assertThat(lines).as("the child JVM logs class loading and parses its command")
        .anyMatch(line -> line.contains("[class,load] picocli.CommandLine "))
        .contains("parsed 1 command");
    return lines;
  }
}
