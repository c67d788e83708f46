package dev.stowage.runtime.runc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stowage.runtime.linux.CommandResult;
import dev.stowage.runtime.linux.CommandRunner;
import dev.stowage.runtime.linux.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What the host's runc can do, from {@code runc features} (runc 1.1 and later). The answer is remembered in a small
 * file keyed by the runc binary's path, size and modification time, so a build asks runc only after it changed.
 */
public final class RuncFeatures {
  private static final JsonFactory JSON = new JsonFactory();

  private RuncFeatures() {}

  /**
   * Whether runc was built with seccomp support ({@code linux.seccomp.enabled}). A runc too old to answer is taken to
   * have it, as every distribution's runc package does.
   */
  public static boolean seccompEnabled(Path runc, CommandRunner runner) {
    CommandResult result = runner.run(HostCommand.of(runc.toString(), "features"));
    return !result.succeeded() || seccompEnabled(result.stdout());
  }

  /** {@link #seccompEnabled(Path, CommandRunner)}, remembered in {@code cache} for this very runc binary. */
  public static boolean seccompEnabled(Path runc, CommandRunner runner, Path cache) {
    String key = binaryKey(runc);
    try {
      String[] remembered = Files.readString(cache).split("\n");
      if (remembered.length == 2 && remembered[0].equals(key)) {
        return Boolean.parseBoolean(remembered[1]);
      }
    } catch (IOException | RuntimeException absent) {
      // first use, or unreadable: ask runc
    }
    boolean enabled = seccompEnabled(runc, runner);
    if (!key.isEmpty()) {
      try {
        Path temp = Files.createTempFile(cache.getParent(), ".runc-features", ".tmp");
        Files.writeString(temp, key + "\n" + enabled);
        Files.move(temp, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | RuntimeException e) {
        // remembering is an optimisation: the next build asks again
      }
    }
    return enabled;
  }

  /** The binary's identity: path, size and modification time; empty when it cannot be read. */
  private static String binaryKey(Path runc) {
    try {
      Path real = runc.toRealPath();
      BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
      return real + " " + attributes.size() + " " + attributes.lastModifiedTime().toInstant();
    } catch (IOException e) {
      return "";
    }
  }

  /** Reads {@code runc features} output; true when it says nothing about seccomp. */
  static boolean seccompEnabled(String featuresJson) {
    try (JsonParser parser = JSON.createParser(featuresJson)) {
      // Only linux.seccomp.enabled matters: walk to it without building a tree.
      String[] path = {"linux", "seccomp", "enabled"};
      int depth = 0;
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return true;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!name.equals(path[depth])) {
          parser.skipChildren();
          continue;
        }
        if (depth == path.length - 1) {
          return value != JsonToken.VALUE_FALSE;
        }
        if (value != JsonToken.START_OBJECT) {
          return true;
        }
        depth++;
      }
      return true;
    } catch (IOException e) {
      return true;
    }
  }
}
