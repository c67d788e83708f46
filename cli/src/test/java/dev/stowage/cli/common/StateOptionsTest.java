package dev.stowage.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The programmatic mixin (build) and the annotations (every other command) define the same two options. */
class StateOptionsTest {
  @Test
  void theMixinMatchesTheAnnotations() {
    List<OptionSpec> annotated = CommandSpec.forAnnotatedObject(new StateOptions()).options();
    List<OptionSpec> programmatic = new StateOptions().mixin().options();

    assertThat(programmatic).hasSameSizeAs(annotated).hasSize(2);
    for (int i = 0; i < annotated.size(); i++) {
      OptionSpec expected = annotated.get(i);
      OptionSpec actual = programmatic.get(i);
      assertThat(actual.names()).isEqualTo(expected.names());
      assertThat(actual.paramLabel()).as(expected.longestName()).isEqualTo(expected.paramLabel());
      assertThat(actual.description()).as(expected.longestName()).isEqualTo(expected.description());
      assertThat(actual.type()).as(expected.longestName()).isEqualTo(expected.type());
      assertThat(actual.arity()).as(expected.longestName()).isEqualTo(expected.arity());
    }
  }

  @Test
  void theMixinFillsItsStateOptions() {
    StateOptions state = new StateOptions();
    CommandSpec command = CommandSpec.create().addMixin("state", state.mixin());

    new CommandLine(command).parseArgs("--root", "/state", "--volatile-root", "/dev/shm/stowage");

    assertThat(state.root()).isEqualTo(Path.of("/state"));
    assertThat(state.volatileRoot()).isEqualTo(Path.of("/dev/shm/stowage"));
  }
}
