package dev.stowage.cli.scan;

import dev.stowage.cli.common.CliException;
import dev.stowage.scan.detect.KnownValues;
import dev.stowage.secrets.ProvidedSecrets;
import dev.stowage.secrets.SecretId;
import dev.stowage.secrets.SecretSourceException;
import dev.stowage.secrets.SecretValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The values a scan looks for: each {@code --secret} (read through {@link ProvidedSecrets}, as a build reads it)
 * and each non-empty line of each {@code --known-values} file. The values read from files are owned here and
 * zero-filled on close.
 */
final class KnownValueSources implements AutoCloseable {
  private static final long MAX_FILE = 16L << 20;
  private final List<KnownValues.Named> values;
  private final List<SecretValue> owned;

  private KnownValueSources(List<KnownValues.Named> values, List<SecretValue> owned) {
    this.values = values;
    this.owned = owned;
  }

  static KnownValueSources read(ProvidedSecrets provided, List<Path> files) {
    List<KnownValues.Named> values = new ArrayList<>();
    List<SecretValue> owned = new ArrayList<>();
    try {
      for (SecretId id : provided.ids()) {
        SecretValue value = provided.get(id).orElseThrow(() -> new SecretSourceException(id,
            "secret '" + id + "' cannot be read"));
        values.add(new KnownValues.Named("secret '" + id + "'", value));
      }
      for (Path file : files) {
        readFile(file, values, owned);
      }
      return new KnownValueSources(List.copyOf(values), owned);
    } catch (RuntimeException e) {
      owned.forEach(SecretValue::close);
      throw e;
    }
  }

  private static void readFile(Path file, List<KnownValues.Named> values, List<SecretValue> owned) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE) {
        throw CliException.usage("--known-values " + file + " is larger than 16 MiB");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw CliException.usage("--known-values: no such file " + file);
    } catch (IOException e) {
      throw CliException.usage("--known-values " + file + " cannot be read: " + e.getMessage());
    }
    try {
      int line = 1;
      int start = 0;
      for (int i = 0; i <= bytes.length; i++) {
        if (i == bytes.length || bytes[i] == '\n') {
          int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
          if (end > start) {
            SecretValue value = SecretValue.copyOf(bytes, start, end - start);
            owned.add(value);
            values.add(new KnownValues.Named("known value " + file.getFileName() + ":" + line, value));
          }
          line++;
          start = i + 1;
        }
      }
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  List<KnownValues.Named> values() {
    return values;
  }

  @Override
  public void close() {
    owned.forEach(SecretValue::close);
  }
}
