package dev.stowage.runtime.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resource limits a container may be given. Raising a hard limit above our own needs {@code CAP_SYS_RESOURCE},
 * which some hosts (containers, sandboxes) withhold even from root; runc then fails to start anything, so the
 * wish is capped at what this process holds.
 */
public final class HostLimits {
  private static final int CAP_SYS_RESOURCE = 24;

  private HostLimits() {}

  /** {@code wanted} open files, or this process's hard limit when it cannot raise limits and that is lower. */
  public static long openFiles(long wanted) {
    return openFiles(wanted, Path.of("/proc/self"));
  }

  static long openFiles(long wanted, Path procSelf) {
    try {
      if (hasCapability(Files.readString(procSelf.resolve("status")), CAP_SYS_RESOURCE)) {
        return wanted;
      }
      long hard = hardOpenFiles(Files.readString(procSelf.resolve("limits")));
      return hard < 0 ? wanted : Math.min(wanted, hard);
    } catch (IOException | RuntimeException e) {
      return wanted;
    }
  }

  /** This process's /proc status text, read once by a caller that needs several of its fields; empty if unreadable. */
  public static String selfStatus() {
    try {
      return Files.readString(Path.of("/proc/self/status"));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * The capability bounding set of a status text ({@link #selfStatus()}) as a bit mask (bit n: capability n); all
   * bits when it is missing. A container can be given no capability outside it.
   */
  public static long capabilityBounding(String status) {
    return capabilitySet(status, "CapBnd:");
  }

  /** A capability set ({@code CapBnd:}, {@code CapEff:}... in hex) of a status text; all bits when missing. */
  static long capabilitySet(String status, String field) {
    Optional<String> value = statusField(status, field);
    return value.isPresent() ? Long.parseUnsignedLong(value.get(), 16) : -1L;
  }

  /** Whether the effective set ({@code CapEff:} in hex) of a status text holds capability {@code bit}. */
  static boolean hasCapability(String status, int bit) {
    Optional<String> value = statusField(status, "CapEff:");
    return value.isPresent() && (Long.parseUnsignedLong(value.get(), 16) >>> bit & 1) == 1;
  }

  /** The value of {@code field} ({@code CapEff:}, {@code Seccomp:}...) in a /proc status text, trimmed. */
  static Optional<String> statusField(String status, String field) {
    for (String line : status.split("\n")) {
      if (line.startsWith(field)) {
        return Optional.of(line.substring(field.length()).trim());
      }
    }
    return Optional.empty();
  }

  /** The hard limit of {@code Max open files} in a limits text; -1 for unlimited or unknown. */
  static long hardOpenFiles(String limits) {
    for (String line : limits.split("\n")) {
      if (line.startsWith("Max open files")) {
        String[] columns = line.substring("Max open files".length()).trim().split("\\s+");
        return columns[1].equals("unlimited") ? -1 : Long.parseLong(columns[1]);
      }
    }
    return -1;
  }
}
