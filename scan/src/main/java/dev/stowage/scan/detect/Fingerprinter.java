package dev.stowage.scan.detect;

import dev.stowage.scan.ScanException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed fingerprints of secrets: the first 64 bits of HMAC-SHA256 under a key that stays on this machine. Equal
 * secrets get equal fingerprints (so a baseline can accept one and a report can say "the same token in three
 * places"), while someone holding only the report cannot test guesses of a short password against it, as they
 * could against a plain hash.
 */
public final class Fingerprinter {
  /** Bytes of a key. */
  public static final int KEY_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";
  private static final int SHOWN_BYTES = 8;

  private final SecretKeySpec key;

  private Fingerprinter(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("a fingerprint key needs at least 16 bytes, got " + key.length);
    }
    this.key = new SecretKeySpec(key, ALGORITHM);
  }

  /** A fingerprinter with this key (copied). */
  public static Fingerprinter withKey(byte[] key) {
    return new Fingerprinter(key.clone());
  }

  /** A fingerprinter with a fresh random key: fingerprints are comparable within one run only. */
  public static Fingerprinter ephemeral() {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return new Fingerprinter(key);
  }

  /**
   * The key in {@code file}, created (random, mode 0600, written atomically) when it does not exist yet, so every
   * scan on this machine fingerprints alike.
   *
   * @throws ScanException when the file cannot be read or created, or does not hold a key
   */
  public static Fingerprinter fromKeyFile(Path file) {
    try {
      return withKey(readKey(file));
    } catch (NoSuchFileException missing) {
      return withKey(createKey(file));
    } catch (IOException e) {
      throw new ScanException("cannot read the fingerprint key " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readKey(Path file) throws IOException {
    if (Files.size(file) > 4096) {
      throw new ScanException("the fingerprint key " + file + " is not a key file (it is larger than 4 KiB)");
    }
    byte[] key = Files.readAllBytes(file);
    if (key.length < 16) {
      throw new ScanException("the fingerprint key " + file + " is too short (" + key.length + " bytes); delete it"
          + " to get a new one");
    }
    return key;
  }

  private static byte[] createKey(Path file) {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    Path temp = null;
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      temp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
      Files.write(temp, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // nothing to tighten
      }
      Files.write(temp, key, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
      try {
        // No REPLACE_EXISTING: when another scan created the key first, use theirs.
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file);
      }
      return key;
    } catch (FileAlreadyExistsException raced) {
      try {
        return readKey(file);
      } catch (IOException e) {
        throw new ScanException("cannot read the fingerprint key " + file + ": " + e.getMessage(), e);
      }
    } catch (IOException e) {
      throw new ScanException("cannot create the fingerprint key " + file + ": " + e.getMessage()
          + " (use --fingerprint-key FILE to name a writable place)", e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // a stray temp file holds only a key that was never used
        }
      }
    }
  }

  /** The fingerprint of {@code length} bytes of {@code data} from {@code offset}. */
  public String of(byte[] data, int offset, int length) {
    Streaming s = start();
    s.update(data, offset, length);
    return s.finish();
  }

  public String of(byte[] data) {
    return of(data, 0, data.length);
  }

  /** The fingerprint of a text's UTF-8 bytes. */
  public String of(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      return of(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** A fingerprint computed over content fed in pieces (a whole file). */
  public Streaming start() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return new Streaming(mac);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  /** Incremental fingerprinting. */
  public static final class Streaming {
    private final Mac mac;

    private Streaming(Mac mac) {
      this.mac = mac;
    }

    public void update(byte[] data, int offset, int length) {
      mac.update(data, offset, length);
    }

    public String finish() {
      byte[] full = mac.doFinal();
      return HexFormat.of().formatHex(full, 0, SHOWN_BYTES);
    }
  }

  @Override
  public String toString() {
    return "Fingerprinter[HmacSHA256]";
  }
}
