package dev.stowage.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistryHostsTest {
  private final RegistryHosts hosts = new RegistryHosts(Set.of("registry.lan:5000", "Build.Local"));

  @Test
  void loopbackAndConfiguredInsecureHostsUsePlainHttp() {
    assertThat(hosts.baseUri("localhost:5000")).isEqualTo(URI.create("http://localhost:5000"));
    assertThat(hosts.baseUri("127.0.0.1:5000")).isEqualTo(URI.create("http://127.0.0.1:5000"));
    assertThat(hosts.baseUri("[::1]:5000")).isEqualTo(URI.create("http://[::1]:5000"));
    assertThat(hosts.baseUri("registry.lan:5000")).isEqualTo(URI.create("http://registry.lan:5000"));
    assertThat(hosts.baseUri("build.local:443")).isEqualTo(URI.create("http://build.local:443"));
  }

  @Test
  void everyOtherRegistryUsesHttps() {
    assertThat(hosts.baseUri("registry.lan:5001")).isEqualTo(URI.create("https://registry.lan:5001"));
    assertThat(hosts.baseUri("ghcr.io")).isEqualTo(URI.create("https://ghcr.io"));
    assertThat(hosts.baseUri("localhost.evil.example")).isEqualTo(URI.create("https://localhost.evil.example"));
    assertThat(hosts.baseUri("docker.io")).isEqualTo(URI.create("https://registry-1.docker.io"));
  }

  @Test
  void credentialsGoOnlyOverHttpsOrToHostsAllowedPlainHttp() {
    assertThat(hosts.mayCarryCredentials(URI.create("https://auth.example/token"))).isTrue();
    assertThat(hosts.mayCarryCredentials(URI.create("http://127.0.0.1:9999/token"))).isTrue();
    assertThat(hosts.mayCarryCredentials(URI.create("http://auth.example/token"))).isFalse();
    assertThat(hosts.mayCarryCredentials(URI.create("ftp://auth.example/token"))).isFalse();
  }
}
