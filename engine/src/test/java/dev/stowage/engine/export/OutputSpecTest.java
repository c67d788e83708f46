package dev.stowage.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutputSpecTest {
  @Test
  void parsesEveryBuildxType() {
    assertThat(OutputSpec.parse("type=docker,dest=/tmp/o.tar"))
        .isEqualTo(new OutputSpec.Docker(Optional.of(Path.of("/tmp/o.tar")), List.of()));
    assertThat(OutputSpec.parse("type=oci,dest=out,tar=false"))
        .isEqualTo(new OutputSpec.Oci(Optional.of(Path.of("out")), List.of(), false));
    assertThat(OutputSpec.parse("type=local,dest=dir")).isEqualTo(new OutputSpec.Local(Path.of("dir")));
    assertThat(OutputSpec.parse("type=tar,dest=fs.tar")).isEqualTo(new OutputSpec.Tar(Path.of("fs.tar")));
    assertThat(OutputSpec.parse("type=registry,name=localhost:5000/a:1"))
        .isEqualTo(new OutputSpec.Image(List.of("localhost:5000/a:1"), true));
    assertThat(OutputSpec.parse("type=image,\"name=a:1,b:2\",push=true"))
        .isEqualTo(new OutputSpec.Image(List.of("a:1", "b:2"), true));
  }

  @Test
  void bareValuesFollowBuildx() {
    assertThat(OutputSpec.parse("outdir")).isEqualTo(new OutputSpec.Local(Path.of("outdir")));
    assertThat(OutputSpec.parse("-")).isEqualTo(new OutputSpec.Tar(Path.of("-")));
  }

  @Test
  void errorsSayWhatIsWrong() {
    assertThatThrownBy(() -> OutputSpec.parse("type=zip,dest=x")).hasMessageContaining("unknown type 'zip'");
    assertThatThrownBy(() -> OutputSpec.parse("dest=x,foo=1")).hasMessageContaining("no type=");
    assertThatThrownBy(() -> OutputSpec.parse("type=docker,bogus=1")).hasMessageContaining("unknown option 'bogus'");
    assertThatThrownBy(() -> OutputSpec.parse("type=local")).hasMessageContaining("needs dest=");
    assertThatThrownBy(() -> OutputSpec.parse("type=oci,tar=maybe,dest=x")).hasMessageContaining("not true or false");
  }
}
