package dev.stowage.engine.export;

import dev.stowage.oci.archive.Compression;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code --output} of a build, parsed with buildx's rules ({@code type=docker,dest=out.tar,name=app:1}). A
 * bare value is {@code type=local,dest=VALUE}, and {@code -} is {@code type=tar,dest=-}, as in buildx.
 */
public sealed interface OutputSpec {

  /**
   * A docker-archive ({@code docker load}); without {@code dest} the image goes into the local store. Its layers
   * are uncompressed, as {@code docker save} writes them, unless {@code compression=} asks otherwise.
   */
  record Docker(Optional<Path> dest, List<String> names, Optional<LayerConverter.Choice> compression)
      implements OutputSpec {
    public Docker(Optional<Path> dest, List<String> names) {
      this(dest, names, Optional.empty());
    }
  }

  /** An OCI image layout: a tar by default, a directory with {@code tar=false}; gzip layers unless told. */
  record Oci(Optional<Path> dest, List<String> names, boolean tar, Optional<LayerConverter.Choice> compression)
      implements OutputSpec {
    public Oci(Optional<Path> dest, List<String> names, boolean tar) {
      this(dest, names, tar, Optional.empty());
    }
  }

  /** The final filesystem as a directory. */
  record Local(Path dest) implements OutputSpec {}

  /** The final filesystem as a tar ({@code -} is standard output). */
  record Tar(Path dest) implements OutputSpec {}

  /**
   * An image in the local store, pushed to its registry when {@code push} is set ({@code type=registry}); pushed
   * layers are gzip unless {@code compression=} asks otherwise.
   */
  record Image(List<String> names, boolean push, Optional<LayerConverter.Choice> compression)
      implements OutputSpec {
    public Image(List<String> names, boolean push) {
      this(names, push, Optional.empty());
    }
  }

  static OutputSpec parse(String value) {
    if (value.isBlank()) {
      throw invalid(value, "it is empty");
    }
    if (!value.contains("=") && !value.contains(",")) {
      return value.equals("-") ? new Tar(Path.of("-")) : new Local(Path.of(value));
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String field : fields(value)) {
      int eq = field.indexOf('=');
      if (eq <= 0) {
        throw invalid(value, "'" + field + "' is not key=value");
      }
      String key = field.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      if (fields.put(key, field.substring(eq + 1)) != null && !key.equals("name")) {
        throw invalid(value, "'" + key + "' is given twice");
      }
    }
    String type = fields.remove("type");
    if (type == null) {
      throw invalid(value, "no type= (one of docker, oci, local, tar, image, registry)");
    }
    Optional<Path> dest = Optional.ofNullable(fields.remove("dest")).filter(d -> !d.isEmpty()).map(Path::of);
    List<String> names = names(fields.remove("name"));
    Optional<LayerConverter.Choice> compression = compression(value, fields);
    OutputSpec spec =
        switch (type.toLowerCase(Locale.ROOT)) {
          case "docker" -> new Docker(dest, names, compression);
          case "oci" -> new Oci(dest, names, bool(value, "tar", fields.remove("tar"), true), compression);
          case "local" -> new Local(dest.orElseThrow(() -> invalid(value, "type=local needs dest=DIR")));
          case "tar" -> new Tar(dest.orElse(Path.of("-")));
          case "image" -> new Image(names, bool(value, "push", fields.remove("push"), false), compression);
          case "registry" -> new Image(names, true, compression);
          default -> throw invalid(value, "unknown type '" + type + "' (one of docker, oci, local, tar, image, registry)");
        };
    // buildx accepts it; the media types here follow the output's type (docker: Docker's, oci: OCI's).
    fields.remove("oci-mediatypes");
    if (!fields.isEmpty()) {
      throw invalid(value, "unknown option '" + fields.keySet().iterator().next() + "' for type=" + type);
    }
    return spec;
  }

  /** buildx's {@code compression=uncompressed|gzip|zstd}, {@code compression-level=N}, {@code force-compression}. */
  private static Optional<LayerConverter.Choice> compression(String spec, Map<String, String> fields) {
    String name = fields.remove("compression");
    String level = fields.remove("compression-level");
    String force = fields.remove("force-compression");
    if (name == null && level == null && force == null) {
      return Optional.empty();
    }
    Compression compression = switch (name == null ? "gzip" : name.toLowerCase(Locale.ROOT)) {
      case "uncompressed" -> Compression.NONE;
      case "gzip" -> Compression.GZIP;
      case "zstd" -> Compression.ZSTD;
      case "estargz" -> throw invalid(spec, "compression=estargz is not supported (use gzip, zstd or uncompressed)");
      default -> throw invalid(spec, "compression=" + name + " is not one of uncompressed, gzip, zstd");
    };
    int chosenLevel = compression.defaultLevel();
    if (level != null) {
      try {
        chosenLevel = Integer.parseInt(level.trim());
      } catch (NumberFormatException e) {
        throw invalid(spec, "compression-level=" + level + " is not a number");
      }
      int max = compression == Compression.ZSTD ? 22 : 9;
      if (compression != Compression.NONE && (chosenLevel < 0 || chosenLevel > max)) {
        throw invalid(spec, "compression-level=" + level + " is out of range for " + name + " (0-" + max + ")");
      }
    }
    return Optional.of(new LayerConverter.Choice(compression, chosenLevel, bool(spec, "force-compression", force,
        false)));
  }

  /** Splits on commas outside double quotes ({@code type=image,"name=a,b"}), dropping the quotes. */
  private static List<String> fields(String value) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (char c : value.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw invalid(value, "a double quote is not closed");
    }
    fields.add(field.toString());
    return fields;
  }

  private static List<String> names(String value) {
    List<String> names = new ArrayList<>();
    if (value != null) {
      for (String name : value.split(",")) {
        if (!name.isBlank()) {
          names.add(name.trim());
        }
      }
    }
    return List.copyOf(names);
  }

  private static boolean bool(String spec, String key, String value, boolean absent) {
    if (value == null) {
      return absent;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "" -> true;
      case "false", "0" -> false;
      default -> throw invalid(spec, key + "=" + value + " is not true or false");
    };
  }

  private static IllegalArgumentException invalid(String spec, String why) {
    return new IllegalArgumentException("invalid --output '" + spec + "': " + why);
  }
}
