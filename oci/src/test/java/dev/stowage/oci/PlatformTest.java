package dev.stowage.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformTest {
  @Test
  void parsesAndNormalisesLikeContainerd() {
    assertThat(Platform.parse("linux/amd64")).hasToString("linux/amd64");
    assertThat(Platform.parse("linux/x86_64")).hasToString("linux/amd64");
    assertThat(Platform.parse("linux/amd64/v1")).hasToString("linux/amd64");
    assertThat(Platform.parse("linux/amd64/v8")).hasToString("linux/amd64/v8");
    assertThat(Platform.parse("linux/aarch64")).hasToString("linux/arm64");
    assertThat(Platform.parse("linux/arm64/v8")).hasToString("linux/arm64");
    assertThat(Platform.parse("Linux/ARM")).hasToString("linux/arm/v7");
    assertThat(Platform.parse("linux/armhf")).hasToString("linux/arm/v7");
    assertThat(Platform.parse("linux/arm/6")).hasToString("linux/arm/v6");
    assertThat(Platform.parse("linux/i386")).hasToString("linux/386");
    assertThat(Platform.parse("arm64")).hasToString("linux/arm64");
  }

  @Test
  void rejectsMalformedSpecifiers() {
    assertThatThrownBy(() -> Platform.parse("linux//amd64")).hasMessageContaining("os/arch[/variant]");
    assertThatThrownBy(() -> Platform.parse("linux/amd64/v2/x")).hasMessageContaining("expected os/arch[/variant]");
    assertThatThrownBy(() -> Platform.parse("")).hasMessageContaining("expected os/arch[/variant]");
  }

  @Test
  void acceptsCompatibleOlderVariantsOnly() {
    Platform armV7 = Platform.parse("linux/arm/v7");
    assertThat(armV7.accepts(Platform.of("linux", "arm", "v6"))).isTrue();
    assertThat(armV7.accepts(Platform.of("linux", "arm", "v8"))).isFalse();
    assertThat(armV7.accepts(Platform.of("linux", "arm64"))).isFalse();

    Platform amd64 = Platform.parse("linux/amd64");
    assertThat(amd64.accepts(Platform.of("linux", "x86_64"))).isTrue();
    assertThat(amd64.accepts(Platform.of("linux", "386"))).isTrue();
    assertThat(amd64.accepts(Platform.of("linux", "arm64"))).isFalse();
    assertThat(amd64.accepts(Platform.of("windows", "amd64"))).isFalse();
    assertThat(amd64.preference(Platform.of("linux", "amd64"))).isLessThan(amd64.preference(Platform.of("linux", "386")));

    Platform arm64 = Platform.parse("linux/arm64");
    assertThat(arm64.accepts(Platform.of("linux", "arm64", "v8"))).isTrue();
    assertThat(arm64.accepts(Platform.of("linux", "arm", "v7"))).isTrue();
  }

  @Test
  void indexSelectsTheBestMatchingManifest() {
    Digest a = Digest.sha256("a");
    Digest b = Digest.sha256("b");
    Digest c = Digest.sha256("c");
    ImageIndex index = ImageIndex.of(MediaType.OCI_INDEX, List.of(
        Descriptor.of(MediaType.OCI_MANIFEST, a, 1).withPlatform(Platform.of("linux", "arm64")),
        Descriptor.of(MediaType.OCI_MANIFEST, b, 1).withPlatform(Platform.of("linux", "386")),
        Descriptor.of(MediaType.OCI_MANIFEST, c, 1).withPlatform(Platform.of("linux", "amd64"))));
    assertThat(index.select(Platform.parse("linux/amd64")).orElseThrow().digest()).isEqualTo(c);
    assertThat(index.select(Platform.parse("linux/arm64")).orElseThrow().digest()).isEqualTo(a);
    assertThat(index.select(Platform.parse("linux/s390x"))).isEmpty();
  }
}
