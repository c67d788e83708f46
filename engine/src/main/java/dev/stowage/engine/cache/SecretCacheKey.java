package dev.stowage.engine.cache;

import dev.stowage.engine.plan.PlannedMount;
import dev.stowage.engine.plan.PlannedStep;
import dev.stowage.secrets.SecretFingerprint;
import dev.stowage.secrets.SecretId;
import dev.stowage.secrets.SecretStore;
import dev.stowage.secrets.SecretValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The state directory's key for by-content secret fingerprints: 32 random bytes in {@code cache/secret-cache.key}
 * (mode 0600), made on first use and kept, so the same secret gives the same RUN key from build to build. The file
 * is written beside its place and hard-linked into it, which fails when another build made it first: every build
 * of a state directory uses one key. Whoever can read the state directory can test guesses of a secret against the
 * keys of its cache entries; without the key file, the keys tell nothing about the secrets.
 */
public final class SecretCacheKey implements AutoCloseable {
  /** The key file's name in the cache directory. */
  public static final String FILE_NAME = "secret-cache.key";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final Path file;
  private SecretValue key; // read or made on first use

  /** The key of the cache directory {@code cacheDir} (the state directory's {@code cache/}); nothing is read yet. */
  public SecretCacheKey(Path cacheDir) {
    this.file = cacheDir.resolve(FILE_NAME);
  }

  public Path file() {
    return file;
  }

  /**
   * The fingerprint of each secret {@code run} mounts and {@code secrets} holds (the key file is read, or made,
   * on the first call).
   */
  public SecretFingerprints fingerprints(PlannedStep.Run run, SecretStore secrets) {
    Map<String, byte[]> byId = new HashMap<>();
    for (PlannedMount.Secret mount : run.secretMounts()) {
      if (byId.containsKey(mount.id())) {
        continue;
      }
      Optional<SecretValue> value = secrets.get(new SecretId(mount.id()));
      if (value.isPresent()) {
        byId.put(mount.id(), SecretFingerprint.hmac(value.get(), key()));
      }
    }
    return SecretFingerprints.of(byId);
  }

  /** Zero-fills the key in memory, if it was read; a later fingerprint reads it again. */
  @Override
  public synchronized void close() {
    if (key != null) {
      key.close();
      key = null;
    }
  }

  private synchronized SecretValue key() {
    if (key == null) {
      key = SecretValue.adopt(loadOrCreate());
    }
    return key;
  }

  private byte[] loadOrCreate() {
    try {
      return read();
    } catch (NoSuchFileException missing) {
      return create();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the secret cache key " + file + ": " + e.getMessage(), e);
    }
  }

  private byte[] read() throws IOException {
    if (Files.isSymbolicLink(file) || (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
        && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))) {
      throw new IllegalStateException("the secret cache key " + file + " is not a regular file; remove it (steps"
          + " built with --secret-cache=by-content then run once more)");
    }
    byte[] bytes;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      if (channel.size() != SecretFingerprint.KEY_BYTES) {
        throw new IllegalStateException("the secret cache key " + file + " holds " + channel.size() + " bytes, not "
            + SecretFingerprint.KEY_BYTES + "; remove it (steps built with --secret-cache=by-content then run once"
            + " more)");
      }
      bytes = new byte[SecretFingerprint.KEY_BYTES];
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // until full; the size was checked
      }
    }
    restrictToOwner(file); // a key someone made readable to others is taken back
    return bytes;
  }

  private byte[] create() {
    byte[] bytes = new byte[SecretFingerprint.KEY_BYTES];
    new SecureRandom().nextBytes(bytes);
    Path temp = file.resolveSibling("." + FILE_NAME + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
        channel.write(ByteBuffer.wrap(bytes));
        channel.force(true);
      }
      try {
        Files.createLink(file, temp); // link(2) never replaces: the first build's key wins
      } catch (UnsupportedOperationException noHardLinks) {
        Files.move(temp, file);
      }
      return bytes;
    } catch (FileAlreadyExistsException raced) {
      Arrays.fill(bytes, (byte) 0);
      try {
        return read();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the secret cache key " + file + ": " + e.getMessage(), e);
      }
    } catch (IOException e) {
      Arrays.fill(bytes, (byte) 0);
      throw new UncheckedIOException("cannot create the secret cache key " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // a stray temp file holds a key that was never used
      }
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      if (!Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      }
    } catch (UnsupportedOperationException notPosix) {
      // nothing to tighten
    }
  }

  @Override
  public String toString() {
    return "SecretCacheKey[" + file + "]";
  }
}
