package dev.stowage.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.archive.Compression;
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
  void compressionOptionsFollowBuildx() {
    assertThat(OutputSpec.parse("type=oci,dest=o.tar,compression=zstd,compression-level=19,force-compression=true"))
        .isEqualTo(new OutputSpec.Oci(Optional.of(Path.of("o.tar")), List.of(), true,
            Optional.of(new LayerConverter.Choice(Compression.ZSTD, 19, true))));
    assertThat(OutputSpec.parse("type=registry,name=r/a:1,compression=uncompressed"))
        .isEqualTo(new OutputSpec.Image(List.of("r/a:1"), true,
            Optional.of(new LayerConverter.Choice(Compression.NONE, 0, false))));
    assertThat(OutputSpec.parse("type=docker,dest=d.tar,compression-level=1"))
        .isEqualTo(new OutputSpec.Docker(Optional.of(Path.of("d.tar")), List.of(),
            Optional.of(new LayerConverter.Choice(Compression.GZIP, 1, false))));
    assertThat(OutputSpec.parse("type=oci,dest=o.tar,oci-mediatypes=true"))
        .isEqualTo(new OutputSpec.Oci(Optional.of(Path.of("o.tar")), List.of(), true));
    assertThatThrownBy(() -> OutputSpec.parse("type=oci,dest=o,compression=lz4")).hasMessageContaining("lz4");
    assertThatThrownBy(() -> OutputSpec.parse("type=oci,dest=o,compression=estargz"))
        .hasMessageContaining("not supported");
    assertThatThrownBy(() -> OutputSpec.parse("type=oci,dest=o,compression=gzip,compression-level=12"))
        .hasMessageContaining("out of range");
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
