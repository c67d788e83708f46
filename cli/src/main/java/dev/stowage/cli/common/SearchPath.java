package dev.stowage.cli.common;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** This process's {@code $PATH} as directories, where credential helpers are looked up. */
public final class SearchPath {
  private SearchPath() {}

  public static List<Path> fromEnvironment() {
    List<Path> path = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(":")) {
      if (!dir.isEmpty()) {
        path.add(Path.of(dir));
      }
    }
    return path;
  }
}
