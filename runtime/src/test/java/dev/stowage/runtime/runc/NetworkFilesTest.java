package dev.stowage.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkFilesTest {

  @Test
  void hostsNamesTheContainer() {
    assertThat(NetworkFiles.hosts("buildkitsandbox"))
        .isEqualTo("127.0.0.1\tlocalhost buildkitsandbox\n::1\tlocalhost ip6-localhost ip6-loopback\n");
  }

  @Test
  void loopbackNameServersAreDroppedInAPrivateNetwork() {
    String host = "# generated\nsearch example.org\nnameserver 127.0.0.53\nnameserver 10.0.0.2\noptions edns0\n";

    assertThat(NetworkFiles.resolvConf(host, false))
        .isEqualTo("# generated\nsearch example.org\nnameserver 10.0.0.2\noptions edns0\n");
  }

  @Test
  void withoutAnyUsableNameServerThePublicFallbacksAreUsed() {
    assertThat(NetworkFiles.resolvConf("nameserver 127.0.0.53\nnameserver ::1\n", false))
        .isEqualTo("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
    assertThat(NetworkFiles.resolvConf("", false)).isEqualTo("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
  }

  @Test
  void theHostNetworkKeepsTheHostFileAsIs() {
    assertThat(NetworkFiles.resolvConf("nameserver 127.0.0.53", true)).isEqualTo("nameserver 127.0.0.53\n");
  }
}
