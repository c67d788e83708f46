package dev.stowage.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An image platform ({@code linux/amd64}, {@code linux/arm/v7}). Parsing and normalisation follow
 * containerd's {@code platforms} package, so {@code linux/aarch64} and {@code linux/arm64/v8} are the same
 * platform, and matching accepts the older variants a CPU can also run ({@code arm/v7} runs {@code arm/v6}).
 */
public record Platform(
    String os, String architecture, Optional<String> variant, Optional<String> osVersion, List<String> osFeatures) {

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    variant = Objects.requireNonNull(variant, "variant").filter(v -> !v.isEmpty());
    osVersion = Objects.requireNonNull(osVersion, "osVersion").filter(v -> !v.isEmpty());
    osFeatures = List.copyOf(osFeatures);
  }

  public static Platform of(String os, String architecture) {
    return new Platform(os, architecture, Optional.empty(), Optional.empty(), List.of());
  }

  public static Platform of(String os, String architecture, String variant) {
    return new Platform(os, architecture, Optional.ofNullable(variant), Optional.empty(), List.of());
  }

  /**
   * Parses {@code os/arch[/variant]} (as in {@code --platform}), or a bare architecture, which means Linux.
   * The result is normalised.
   */
  public static Platform parse(String specifier) {
    Objects.requireNonNull(specifier, "platform");
    String[] parts = specifier.split("/", -1);
    if (parts.length > 3 || specifier.isEmpty()) {
      throw new OciFormatException("invalid platform '" + specifier + "': expected os/arch[/variant], e.g. linux/amd64");
    }
    for (String part : parts) {
      if (part.isEmpty() || !part.matches("[A-Za-z0-9_.-]+")) {
        throw new OciFormatException("invalid platform '" + specifier
            + "': each part of os/arch[/variant] must be a non-empty word of letters, digits, '_', '.' or '-'");
      }
    }
    Platform platform =
        parts.length == 1
            ? of("linux", parts[0])
            : of(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    return platform.normalize();
  }

  /** The platform of the JVM's host, normalised (e.g. linux/amd64 on an x86_64 Linux machine). */
  public static Platform host() {
    String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "amd64");
    String goOs = os.contains("linux") ? "linux" : os.contains("mac") ? "darwin" : os.contains("windows") ? "windows" : os;
    String goArch = switch (arch) {
      case "x86" -> "386";
      case "ppc64le" -> "ppc64le";
      default -> arch;
    };
    return of(goOs, goArch).normalize();
  }

  /** containerd's canonical spelling: lower case, architecture aliases resolved, default variants dropped or added. */
  public Platform normalize() {
    String normOs = os.toLowerCase(Locale.ROOT);
    if (normOs.equals("macos")) {
      normOs = "darwin";
    }
    String arch = architecture.toLowerCase(Locale.ROOT);
    String var = variant.map(v -> v.toLowerCase(Locale.ROOT)).orElse("");
    switch (arch) {
      case "i386" -> {
        arch = "386";
        var = "";
      }
      case "x86_64", "x86-64", "amd64" -> {
        arch = "amd64";
        if (var.equals("v1")) {
          var = "";
        }
      }
      case "aarch64", "arm64" -> {
        arch = "arm64";
        switch (var) {
          case "8", "v8", "v8.0" -> var = "";
          case "9", "9.0", "v9.0" -> var = "v9";
          default -> { }
        }
      }
      case "armhf" -> {
        arch = "arm";
        var = "v7";
      }
      case "armel" -> {
        arch = "arm";
        var = "v6";
      }
      case "arm" -> {
        switch (var) {
          case "", "7" -> var = "v7";
          case "5", "6", "8" -> var = "v" + var;
          default -> { }
        }
      }
      default -> { }
    }
    return new Platform(normOs, arch, Optional.of(var), osVersion, osFeatures);
  }

  /**
   * Whether an image built for {@code candidate} runs on this platform, as containerd's {@code platforms.Only}
   * decides: the same OS and architecture with the same or an older compatible variant, or 386 on amd64.
   */
  public boolean accepts(Platform candidate) {
    return preference(candidate) >= 0;
  }

  /**
   * The rank of {@code candidate} among the platforms this one accepts, 0 being the exact platform; -1 when it
   * is not accepted. Lower is better, so the best entry of an index is the accepted one with the lowest rank.
   */
  public int preference(Platform candidate) {
    Platform wanted = candidate.normalize();
    List<Platform> vector = compatibleVector();
    for (int i = 0; i < vector.size(); i++) {
      Platform p = vector.get(i);
      if (p.os.equals(wanted.os) && p.architecture.equals(wanted.architecture) && p.variant.equals(wanted.variant)) {
        return i;
      }
    }
    return -1;
  }

  /** The platforms this one can run, best first (containerd's {@code platformVector}). */
  public List<Platform> compatibleVector() {
    Platform self = normalize();
    List<Platform> vector = new ArrayList<>();
    String var = self.variant.orElse("");
    switch (self.architecture) {
      case "amd64" -> {
        vector.add(self);
        int level = variantNumber(var);
        for (int v = level - 1; v >= 1 && level > 1; v--) {
          vector.add(self.withVariant(v == 1 ? "" : "v" + v));
        }
        vector.add(new Platform(self.os, "386", Optional.empty(), self.osVersion, self.osFeatures));
      }
      case "arm" -> {
        vector.add(self);
        int level = variantNumber(var);
        for (int v = level - 1; v >= 5 && level > 5; v--) {
          vector.add(self.withVariant("v" + v));
        }
      }
      case "arm64" -> {
        // arm64 (v8) and arm64/v9 images; every arm64 CPU also runs 32-bit arm up to v8.
        vector.add(self);
        if (var.equals("v9")) {
          vector.add(self.withVariant(""));
        }
        Platform arm = new Platform(self.os, "arm", Optional.of("v8"), self.osVersion, self.osFeatures);
        vector.addAll(arm.compatibleVector());
      }
      default -> vector.add(self);
    }
    return List.copyOf(vector);
  }

  private Platform withVariant(String v) {
    return new Platform(os, architecture, Optional.of(v), osVersion, osFeatures);
  }

  private static int variantNumber(String variant) {
    String digits = variant.startsWith("v") ? variant.substring(1) : variant;
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** {@code os/arch[/variant]}, the form {@code --platform} takes. */
  @Override
  public String toString() {
    return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
  }
}
