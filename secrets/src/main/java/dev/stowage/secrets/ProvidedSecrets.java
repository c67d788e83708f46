package dev.stowage.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The secrets given with {@code --secret}. Like BuildKit's {@code secretsprovider.NewStore} it checks every
 * source up front and reads lazily; unlike BuildKit, a source that would yield nothing is an error naming the
 * id (buildx#3285: BuildKit silently mounts an empty secret for an unset variable):
 *
 * <ul>
 *   <li>ids are unique;
 *   <li>a file exists, is not a directory, is readable and at most {@link #MAX_SECRET_BYTES}; a regular file
 *       must not be empty (a pipe such as {@code src=/dev/fd/63} is checked when read);
 *   <li>a variable is set, not empty and at most {@link #MAX_SECRET_BYTES} in UTF-8.
 * </ul>
 *
 * <p>Each secret is read once, on the first {@link #get}, and the same value is returned afterwards, so the
 * bytes mounted into a step and the bytes the leak guard searches for are the same even if the file changes
 * mid-build. {@link #close()} zero-fills every value read.
 */
public final class ProvidedSecrets implements SecretStore, AutoCloseable {
  /** BuildKit's {@code secretsprovider.MaxSecretSize}: 500 KiB. A larger secret is refused. */
  public static final int MAX_SECRET_BYTES = 500 * 1024;

  private static final String LIMIT_TEXT = "500 KiB";

  private final Map<SecretId, Entry> entries;
  private boolean closed;

  private static final class Entry {
    final SecretSpec spec;
    final String envValue; // the String the JVM already holds for an env source; null for a file
    SecretValue value;

    Entry(SecretSpec spec, String envValue) {
      this.spec = spec;
      this.envValue = envValue;
    }
  }

  private ProvidedSecrets(Map<SecretId, Entry> entries) {
    this.entries = entries;
  }

  /** Checks {@code specs} against the real environment and file system. */
  public static ProvidedSecrets open(List<SecretSpec> specs) {
    return open(specs, System.getenv());
  }

  /**
   * Checks {@code specs}; {@code env} stands for the process environment (tests pass a map).
   *
   * @throws SecretSourceException for the first secret that cannot be used, naming its id
   */
  public static ProvidedSecrets open(List<SecretSpec> specs, Map<String, String> env) {
    Map<SecretId, Entry> entries = new LinkedHashMap<>();
    for (SecretSpec spec : specs) {
      if (entries.containsKey(spec.id())) {
        throw new SecretSourceException(
            spec.id(),
            "secret '" + spec.id() + "' is given more than once; give each --secret its own id");
      }
      // instanceof, not a pattern switch: the build's start-up path (see docs/architecture.md, "Start-up")
      String envValue = null;
      SecretSource source = spec.source();
      if (source instanceof FileSource file) {
        checkFile(spec.id(), file.path());
      } else if (source instanceof EnvSource variable) {
        envValue = checkVariable(spec.id(), variable.name(), env);
      } else {
        throw new IllegalStateException("unhandled " + source.getClass().getSimpleName());
      }
      entries.put(spec.id(), new Entry(spec, envValue));
    }
    return new ProvidedSecrets(entries);
  }

  private static void checkFile(SecretId id, Path path) {
    String where = "secret '" + id + "': file " + path;
    if (!Files.exists(path)) {
      // The id-only form falls back to a file named like the id; say so, the user may have meant a variable.
      String hint =
          path.toString().equals(id.value()) ? " (and no environment variable " + id + " is set)" : "";
      throw new SecretSourceException(id, where + " does not exist" + hint);
    }
    if (Files.isDirectory(path)) {
      throw new SecretSourceException(id, where + " is a directory; a secret is one file");
    }
    if (!Files.isReadable(path)) {
      throw new SecretSourceException(id, where + " cannot be read (permission denied)");
    }
    if (Files.isRegularFile(path)) {
      long size;
      try {
        size = Files.size(path);
      } catch (IOException e) {
        throw new SecretSourceException(id, where + " cannot be read: " + e.getMessage(), e);
      }
      if (size > MAX_SECRET_BYTES) {
        throw tooLarge(id, "file " + path);
      }
      if (size == 0) {
        throw new SecretSourceException(id, where + " is empty");
      }
    }
  }

  private static String checkVariable(SecretId id, String name, Map<String, String> env) {
    String value = env.get(name);
    if (value == null) {
      throw new SecretSourceException(id, "secret '" + id + "': environment variable " + name + " is not set");
    }
    if (value.isEmpty()) {
      // Typical of a CI secret that is not configured: the variable exists but holds nothing.
      throw new SecretSourceException(id, "secret '" + id + "': environment variable " + name + " is empty");
    }
    // UTF-8 is at most 3 bytes per char; only count exactly when the quick bound is over the limit.
    if ((long) value.length() * 3 > MAX_SECRET_BYTES && utf8Length(value) > MAX_SECRET_BYTES) {
      throw tooLarge(id, "environment variable " + name);
    }
    return value;
  }

  private static long utf8Length(String s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static SecretSourceException tooLarge(SecretId id, String what) {
    return new SecretSourceException(
        id, "secret '" + id + "': " + what + " is larger than the " + LIMIT_TEXT + " limit for a secret");
  }

  @Override
  public synchronized Optional<SecretValue> get(SecretId id) {
    if (closed) {
      throw new IllegalStateException("the provided secrets were closed; secret '" + id + "' is gone");
    }
    Entry entry = entries.get(id);
    if (entry == null) {
      return Optional.empty();
    }
    if (entry.value == null) {
      entry.value = read(entry);
    }
    return Optional.of(entry.value);
  }

  private static SecretValue read(Entry entry) {
    SecretId id = entry.spec.id();
    SecretSource source = entry.spec.source();
    if (source instanceof EnvSource) {
      return SecretValue.ofUtf8(entry.envValue);
    }
    if (source instanceof FileSource file) {
      return SecretValue.adopt(readFile(id, file.path()));
    }
    throw new IllegalStateException("unhandled " + source.getClass().getSimpleName());
  }

  /** Reads at most the limit plus one byte, zeroing every intermediate buffer it outgrows. */
  private static byte[] readFile(SecretId id, Path path) {
    byte[] buffer = new byte[8192];
    int length = 0;
    try (InputStream in = Files.newInputStream(path)) {
      while (true) {
        if (length == buffer.length) {
          if (length > MAX_SECRET_BYTES) {
            break;
          }
          byte[] larger = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_SECRET_BYTES + 1));
          Arrays.fill(buffer, (byte) 0);
          buffer = larger;
        }
        int n = in.read(buffer, length, buffer.length - length);
        if (n < 0) {
          break;
        }
        length += n;
      }
    } catch (NoSuchFileException e) {
      Arrays.fill(buffer, (byte) 0);
      throw new SecretSourceException(id, "secret '" + id + "': file " + path + " was removed before it was read", e);
    } catch (AccessDeniedException e) {
      Arrays.fill(buffer, (byte) 0);
      throw new SecretSourceException(id, "secret '" + id + "': file " + path + " cannot be read (permission denied)", e);
    } catch (IOException e) {
      Arrays.fill(buffer, (byte) 0);
      throw new SecretSourceException(id, "secret '" + id + "': reading file " + path + " failed: " + e.getMessage(), e);
    }
    if (length > MAX_SECRET_BYTES) {
      Arrays.fill(buffer, (byte) 0);
      throw tooLarge(id, "file " + path);
    }
    if (length == 0) {
      throw new SecretSourceException(id, "secret '" + id + "': file " + path + " is empty");
    }
    byte[] exact = Arrays.copyOf(buffer, length);
    Arrays.fill(buffer, (byte) 0);
    return exact;
  }

  @Override
  public Set<SecretId> ids() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(entries.keySet()));
  }

  /** The source of {@code id} as given, for messages ("secret 'x' from file /y"). */
  public Optional<SecretSource> sourceOf(SecretId id) {
    Entry entry = entries.get(id);
    return entry == null ? Optional.empty() : Optional.of(entry.spec.source());
  }

  /** The specs in the order given. */
  public List<SecretSpec> specs() {
    List<SecretSpec> specs = new ArrayList<>();
    entries.values().forEach(e -> specs.add(e.spec));
    return List.copyOf(specs);
  }

  /** Zero-fills every value read so far. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    for (Entry entry : entries.values()) {
      if (entry.value != null) {
        entry.value.close();
      }
    }
  }
}
