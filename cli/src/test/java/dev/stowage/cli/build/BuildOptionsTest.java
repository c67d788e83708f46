package dev.stowage.cli.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;

/** Every flag of {@code stowage build} reaches its field through the programmatic picocli model. */
class BuildOptionsTest {
  private final BuildOptions options = new BuildOptions();
  private final CommandLine cli = new CommandLine(options.spec(null));

  @Test
  void unsetFlagsKeepTheirDefaults() {
    cli.parseArgs();

    assertThat(options.context).isEqualTo(Path.of("."));
    assertThat(options.file).isNull();
    assertThat(options.target).isNull();
    assertThat(options.platform).isNull();
    assertThat(options.progress).isNull();
    assertThat(options.iidFile).isNull();
    assertThat(options.metadataFile).isNull();
    assertThat(options.secretCache).isEqualTo("by-id");
    assertThat(options.network).isEqualTo("default");
    assertThat(options.historyArgs).isEqualTo("names");
    assertThat(options.push).isFalse();
    assertThat(options.pull).isFalse();
    assertThat(options.noCache).isFalse();
    assertThat(options.quiet).isFalse();
    assertThat(options.allowSecretArgs).isFalse();
    assertThat(options.tags).isEmpty();
    assertThat(options.buildArgs).isEmpty();
    assertThat(options.secrets).isEmpty();
    assertThat(options.ssh).isEmpty();
    assertThat(options.buildContexts).isEmpty();
    assertThat(options.outputs).isEmpty();
    assertThat(options.labels).isEmpty();
    assertThat(options.noCacheFilter).isEmpty();
    assertThat(options.insecureRegistries).isEmpty();
    assertThat(options.state.volatileRoot()).isNull();
  }

  @Test
  void everyLongFlagReachesItsField() {
    cli.parseArgs("--file", "Dockerfile.dev", "--tag", "app:1", "--build-arg", "A=1", "--secret", "id=npm,src=n",
        "--ssh", "default", "--build-context", "base=docker-image://alpine", "--target", "test", "--platform",
        "linux/arm64", "--output", "type=oci,dest=o.tar", "--push", "--label", "k=v", "--iidfile", "iid",
        "--metadata-file", "meta.json", "--pull", "--no-cache", "--no-cache-filter", "deps", "--secret-cache",
        "by-content", "--network", "none", "--progress", "plain", "--quiet", "--history-args", "values",
        "--allow-secret-args", "--insecure-registry", "reg:5000", "--root", "/state", "--volatile-root", "/dev/shm/s",
        "ctx");

    assertThat(options.context).isEqualTo(Path.of("ctx"));
    assertThat(options.file).isEqualTo("Dockerfile.dev");
    assertThat(options.tags).containsExactly("app:1");
    assertThat(options.buildArgs).containsExactly("A=1");
    assertThat(options.secrets).containsExactly("id=npm,src=n");
    assertThat(options.ssh).containsExactly("default");
    assertThat(options.buildContexts).containsExactly("base=docker-image://alpine");
    assertThat(options.target).isEqualTo("test");
    assertThat(options.platform).isEqualTo("linux/arm64");
    assertThat(options.outputs).containsExactly("type=oci,dest=o.tar");
    assertThat(options.push).isTrue();
    assertThat(options.labels).containsExactly("k=v");
    assertThat(options.iidFile).isEqualTo(Path.of("iid"));
    assertThat(options.metadataFile).isEqualTo(Path.of("meta.json"));
    assertThat(options.pull).isTrue();
    assertThat(options.noCache).isTrue();
    assertThat(options.noCacheFilter).containsExactly("deps");
    assertThat(options.secretCache).isEqualTo("by-content");
    assertThat(options.network).isEqualTo("none");
    assertThat(options.progress).isEqualTo("plain");
    assertThat(options.quiet).isTrue();
    assertThat(options.historyArgs).isEqualTo("values");
    assertThat(options.allowSecretArgs).isTrue();
    assertThat(options.insecureRegistries).containsExactly("reg:5000");
    assertThat(options.state.root()).isEqualTo(Path.of("/state"));
    assertThat(options.state.volatileRoot()).isEqualTo(Path.of("/dev/shm/s"));
  }

  @Test
  void shortFlagsAndAttachedValues() {
    cli.parseArgs("-f", "-", "-t", "a", "-o", "type=docker", "-q", "--target=final", "-tb");

    assertThat(options.file).isEqualTo("-");
    assertThat(options.tags).containsExactly("a", "b");
    assertThat(options.outputs).containsExactly("type=docker");
    assertThat(options.quiet).isTrue();
    assertThat(options.target).isEqualTo("final");
  }

  @Test
  void repeatableFlagsKeepEveryValueInOrder() {
    cli.parseArgs("-t", "a:1", "--tag", "b:2", "--tag=c:3", "--secret", "id=one", "--secret", "id=two",
        "--build-arg", "X", "--build-arg", "Y=2", "--label", "a=1", "--label", "b=2", "-o", "type=oci,dest=x",
        "--output", "type=docker,dest=y", "--no-cache-filter", "s1", "--no-cache-filter", "s2");

    assertThat(options.tags).containsExactly("a:1", "b:2", "c:3");
    assertThat(options.secrets).containsExactly("id=one", "id=two");
    assertThat(options.buildArgs).containsExactly("X", "Y=2");
    assertThat(options.labels).containsExactly("a=1", "b=2");
    assertThat(options.outputs).containsExactly("type=oci,dest=x", "type=docker,dest=y");
    assertThat(options.noCacheFilter).containsExactly("s1", "s2");
  }

  @Test
  void aSecondParseStartsFromTheDefaultsAgain() {
    cli.parseArgs("-t", "a", "--secret-cache", "by-content", "--push", "--root", "/state", "ctx");
    cli.parseArgs("-t", "b");

    assertThat(options.tags).containsExactly("b");
    assertThat(options.secretCache).isEqualTo("by-id");
    assertThat(options.push).isFalse();
    assertThat(options.context).isEqualTo(Path.of("."));
    assertThat(options.state.root()).isNotEqualTo(Path.of("/state"));
  }

  @Test
  void theContextIsTheOnlyPositionalParameter() {
    assertThatThrownBy(() -> cli.parseArgs("one", "two")).isInstanceOf(UnmatchedArgumentException.class)
        .hasMessageContaining("'two'");
  }

  @Test
  void theSpecRunsTheCommandItWasBuiltFor() {
    Object command = new Object();

    assertThat(new BuildOptions().spec(command).userObject()).isSameAs(command);
    assertThat(BuildCommand.spec().userObject()).isInstanceOf(BuildCommand.class);
  }
}
