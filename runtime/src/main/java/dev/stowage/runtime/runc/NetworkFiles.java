package dev.stowage.runtime.runc;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /etc/hosts} and {@code /etc/resolv.conf} a step sees, as BuildKit makes them: a hosts file naming
 * the container's host name, and the host's resolver configuration without loopback name servers (they cannot
 * be reached from a network namespace of its own), falling back to public resolvers as Docker does. Pure.
 */
public final class NetworkFiles {
  static final List<String> FALLBACK_NAMESERVERS = List.of("8.8.8.8", "8.8.4.4");

  private NetworkFiles() {}

  public static String hosts(String hostname) {
    return "127.0.0.1\tlocalhost " + hostname + "\n::1\tlocalhost ip6-localhost ip6-loopback\n";
  }

  /**
   * The resolver configuration for a step.
   *
   * @param hostResolvConf the host's {@code /etc/resolv.conf}, or empty when it has none
   * @param hostNetwork whether the step shares the host's network (then loopback resolvers work and stay)
   */
  public static String resolvConf(String hostResolvConf, boolean hostNetwork) {
    if (hostNetwork && !hostResolvConf.isBlank()) {
      return hostResolvConf.endsWith("\n") ? hostResolvConf : hostResolvConf + "\n";
    }
    List<String> lines = new ArrayList<>();
    boolean nameserver = false;
    for (String line : hostResolvConf.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length >= 2 && fields[0].equals("nameserver")) {
        if (isLoopback(fields[1])) {
          continue;
        }
        nameserver = true;
      }
      if (!line.isBlank()) {
        lines.add(line);
      }
    }
    if (!nameserver) {
      FALLBACK_NAMESERVERS.forEach(ns -> lines.add("nameserver " + ns));
    }
    return String.join("\n", lines) + "\n";
  }

  static boolean isLoopback(String address) {
    return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
  }
}
