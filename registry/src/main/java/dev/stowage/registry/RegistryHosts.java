package dev.stowage.registry;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which registries are spoken to over plain HTTP: loopback addresses ({@code localhost}, {@code 127.0.0.1},
 * {@code [::1]}, with any port) and the hosts the user named with {@code --insecure-registry}; every other
 * registry over HTTPS. Also maps Docker Hub's name to its API host.
 *
 * @param insecure entries such as {@code "registry.lan:5000"} (that port only) or {@code "registry.lan"} (any
 *     port), compared case-insensitively
 */
public record RegistryHosts(Set<String> insecure) {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
  private static final Set<String> DOCKER_HUB = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

  public RegistryHosts {
    insecure = insecure.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  /** Only loopback registries use plain HTTP. */
  public static RegistryHosts secureByDefault() {
    return new RegistryHosts(Set.of());
  }

  /** Whether {@code registry} ({@code host[:port]}) is spoken to over plain HTTP. */
  public boolean usesPlainHttp(String registry) {
    String hostPort = registry.toLowerCase(Locale.ROOT);
    String host = hostOf(hostPort);
    return LOOPBACK.contains(host) || insecure.contains(hostPort) || insecure.contains(host);
  }

  /** Whether credentials may be sent to {@code uri}: over HTTPS, or to a host that is allowed plain HTTP. */
  public boolean mayCarryCredentials(URI uri) {
    if ("https".equalsIgnoreCase(uri.getScheme())) {
      return true;
    }
    return "http".equalsIgnoreCase(uri.getScheme()) && uri.getRawAuthority() != null
        && usesPlainHttp(authorityWithoutUserInfo(uri));
  }

  /** The base URI of the registry's API, e.g. {@code https://registry-1.docker.io} for {@code docker.io}. */
  public URI baseUri(String registry) {
    String apiHost = DOCKER_HUB.contains(registry.toLowerCase(Locale.ROOT)) ? "registry-1.docker.io" : registry;
    return URI.create((usesPlainHttp(registry) ? "http://" : "https://") + apiHost);
  }

  /** Whether {@code registry} is one of Docker Hub's names. */
  public static boolean isDockerHub(String registry) {
    return DOCKER_HUB.contains(registry.toLowerCase(Locale.ROOT));
  }

  private static String authorityWithoutUserInfo(URI uri) {
    String authority = uri.getRawAuthority();
    return authority.substring(authority.lastIndexOf('@') + 1);
  }

  /** The host of {@code host[:port]}, keeping an IPv6 literal's brackets. */
  static String hostOf(String hostPort) {
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      return close < 0 ? hostPort : hostPort.substring(0, close + 1);
    }
    int colon = hostPort.indexOf(':');
    if (colon >= 0 && hostPort.indexOf(':', colon + 1) >= 0) {
      return hostPort; // a bare IPv6 address such as ::1
    }
    return colon < 0 ? hostPort : hostPort.substring(0, colon);
  }
}
