package dev.stowage.oci.archive;

import dev.stowage.oci.OciException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extended attributes through {@code getfattr} and {@code setfattr} (the {@code attr} package), which reach every
 * name space. A whole tree is read with one {@code getfattr -R} process; values pass as hex, never on a command line
 * as text.
 */
final class AttrToolXattrs implements XattrAccess {
  private static final AttrToolXattrs INSTANCE = new AttrToolXattrs();

  private AttrToolXattrs() {}

  static boolean installed() {
    return onPath("getfattr") && onPath("setfattr");
  }

  static AttrToolXattrs require() {
    if (!installed()) {
      throw new OciException("getfattr/setfattr are not installed; install the attr package "
          + "(apt-get install attr) to read and write security.* and trusted.* extended attributes");
    }
    return INSTANCE;
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<Xattr> list(Path path) {
    Map<Path, List<Xattr>> all = parse(run(List.of("getfattr", "--absolute-names", "-h", "-d", "-m", "-", "-e", "hex",
        "--", path.toAbsolutePath().toString()), true));
    return all.getOrDefault(path.toAbsolutePath(), List.of());
  }

  @Override
  public Map<Path, List<Xattr>> listTree(Path root, List<Path> paths) {
    Map<Path, List<Xattr>> all = parse(run(List.of("getfattr", "--absolute-names", "-R", "-P", "-h", "-d", "-m", "-",
        "-e", "hex", "--", root.toAbsolutePath().toString()), true));
    Map<Path, List<Xattr>> result = new LinkedHashMap<>();
    for (Path p : paths) {
      List<Xattr> x = all.get(p.toAbsolutePath());
      if (x != null && !x.isEmpty()) {
        result.put(p, x);
      }
    }
    return result;
  }

  @Override
  public boolean canWrite(String name) {
    return true;
  }

  @Override
  public void set(Path path, Xattr xattr) {
    byte[] value = xattr.value();
    String encoded = value.length == 0 ? "" : "0x" + HexFormat.of().formatHex(value);
    run(List.of("setfattr", "-h", "-n", xattr.name(), "-v", encoded, "--", path.toAbsolutePath().toString()), false);
  }

  /** Parses {@code getfattr -d -e hex} output: "# file: PATH" then "name=0xHEX" lines. */
  static Map<Path, List<Xattr>> parse(String output) {
    Map<Path, List<Xattr>> result = new LinkedHashMap<>();
    List<Xattr> current = null;
    for (String line : output.split("\n")) {
      if (line.startsWith("# file: ")) {
        current = new ArrayList<>();
        result.put(Path.of(unescape(line.substring("# file: ".length()))), current);
      } else if (!line.isBlank() && current != null) {
        int eq = line.indexOf('=');
        String name = unescape(eq < 0 ? line : line.substring(0, eq));
        String value = eq < 0 ? "" : line.substring(eq + 1);
        byte[] bytes;
        if (value.startsWith("0x")) {
          bytes = HexFormat.of().parseHex(value.substring(2));
        } else if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
          bytes = unescape(value.substring(1, value.length() - 1)).getBytes(StandardCharsets.ISO_8859_1);
        } else {
          bytes = new byte[0];
        }
        current.add(new Xattr(name, bytes));
      }
    }
    result.values().forEach(list -> list.sort(null));
    return result;
  }

  /** getfattr escapes unusual bytes as backslash and three octal digits, and a backslash as two. */
  static String unescape(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\\' && i + 3 < raw.length && isOctal(raw[i + 1]) && isOctal(raw[i + 2]) && isOctal(raw[i + 3])) {
        bytes.write(((raw[i + 1] - '0') << 6) | ((raw[i + 2] - '0') << 3) | (raw[i + 3] - '0'));
        i += 3;
      } else if (raw[i] == '\\' && i + 1 < raw.length && raw[i + 1] == '\\') {
        bytes.write('\\');
        i++;
      } else {
        bytes.write(raw[i]);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isOctal(byte b) {
    return b >= '0' && b <= '7';
  }

  private static String run(List<String> command, boolean tolerateMissing) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
      process.getOutputStream().close();
      byte[] out;
      byte[] err;
      try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
        out = stdout.readAllBytes();
        err = stderr.readAllBytes();
      }
      int code = process.waitFor();
      if (code != 0 && !(tolerateMissing && out.length == 0 && new String(err, StandardCharsets.UTF_8).isBlank())) {
        throw new OciException(command.get(0) + " failed (exit " + code + ") for "
            + command.get(command.size() - 1) + ": " + new String(err, StandardCharsets.UTF_8).strip());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("running " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OciException("interrupted while running " + command.get(0), e);
    }
  }
}
