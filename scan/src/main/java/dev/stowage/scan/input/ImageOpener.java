package dev.stowage.scan.input;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.OciException;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Platform;
import dev.stowage.oci.Raw;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.dockerarchive.DockerArchiveReader;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.image.ImageArchive;
import dev.stowage.oci.image.NamedImage;
import dev.stowage.oci.layout.OciLayoutReader;
import dev.stowage.oci.ref.ImageReference;
import dev.stowage.oci.ref.InvalidReferenceException;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.Repository;
import dev.stowage.registry.ResolvedImage;
import dev.stowage.scan.ScanException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Opens an {@link ImageInput} for scanning: archives and layouts through the {@code oci} readers (blobs read on
 * demand), the local store read-only, registries through the registry client with streamed blobs, and the Docker
 * daemon through {@code docker save} into a temporary file that is deleted on close.
 */
public final class ImageOpener {
  private static final int CONFIG_LIMIT = 4 << 20;

  private final Path storeRoot;
  private final Supplier<RegistryClient> registry;
  private final Platform platform;
  private final List<String> dockerCommand;

  /**
   * @param storeRoot Stowage's state directory (the local store), which need not exist
   * @param registry makes the registry client when a registry is needed
   * @param platform which image to pick from a multi-platform index or archive
   * @param dockerCommand the docker CLI for {@code docker-daemon:}, e.g. {@code [docker]}
   */
  public ImageOpener(Path storeRoot, Supplier<RegistryClient> registry, Platform platform, List<String> dockerCommand) {
    this.storeRoot = Objects.requireNonNull(storeRoot, "storeRoot");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.platform = Objects.requireNonNull(platform, "platform");
    this.dockerCommand = List.copyOf(dockerCommand);
  }

  public ScanTarget open(ImageInput input) {
    return switch (input) {
      case ImageInput.DockerArchive a -> fromArchive(input, () -> DockerArchiveReader.open(a.path()), a.name(),
          () -> { });
      case ImageInput.OciArchive a -> fromArchive(input, () -> OciLayoutReader.open(a.path()), a.name(), () -> { });
      case ImageInput.OciLayout a -> fromArchive(input, () -> OciLayoutReader.open(a.path()), a.name(), () -> { });
      case ImageInput.Registry r -> fromRegistry(r.reference());
      case ImageInput.DockerDaemon d -> fromDaemon(d);
      case ImageInput.StoreOrRegistry s -> fromStoreOrRegistry(s.nameOrId());
    };
  }

  private ScanTarget fromArchive(ImageInput input, Supplier<ImageArchive> reader, Optional<String> name,
      Runnable cleanup) {
    ImageArchive archive;
    try {
      archive = reader.get();
    } catch (OciException | UncheckedIOException e) {
      cleanup.run();
      throw new ScanException("cannot read " + input.describe() + ": " + message(e), e);
    }
    try {
      NamedImage chosen = choose(archive.images(), name, input.describe());
      String label = input.describe() + (chosen.names().isEmpty() || name.isPresent() ? ""
          : " (" + chosen.names().getFirst() + ")");
      return new ScanTarget(label, chosen.image(), archive, () -> {
        try {
          archive.close();
        } finally {
          cleanup.run();
        }
      });
    } catch (RuntimeException e) {
      archive.close();
      cleanup.run();
      throw e;
    }
  }

  private NamedImage choose(List<NamedImage> images, Optional<String> name, String where) {
    if (images.isEmpty()) {
      throw new ScanInputException(where + " holds no image");
    }
    if (name.isPresent()) {
      String wanted = name.get();
      String normalized = normalize(wanted);
      List<NamedImage> named = images.stream()
          .filter(i -> i.names().stream().anyMatch(n -> n.equals(wanted) || normalize(n).equals(normalized)))
          .toList();
      if (named.isEmpty()) {
        throw new ScanInputException(where + " has no image named " + wanted + " (it has: " + names(images) + ")");
      }
      return pickPlatform(named, where);
    }
    return images.size() == 1 ? images.getFirst() : pickPlatform(images, where);
  }

  private NamedImage pickPlatform(List<NamedImage> images, String where) {
    if (images.size() == 1) {
      return images.getFirst();
    }
    List<NamedImage> matching = images.stream().filter(i -> platform.accepts(i.image().platform())).toList();
    if (matching.size() == 1) {
      return matching.getFirst();
    }
    throw new ScanInputException(where + " holds " + images.size() + " images (" + names(images) + "); name one as "
        + where + ":NAME" + (matching.isEmpty() ? " or choose a --platform it has" : ""));
  }

  private static String names(List<NamedImage> images) {
    List<String> shown = new ArrayList<>();
    for (NamedImage i : images) {
      shown.add((i.names().isEmpty() ? i.image().id().toString() : String.join(", ", i.names()))
          + " " + i.image().platform());
    }
    return String.join("; ", shown);
  }

  private static String normalize(String name) {
    try {
      return ImageReference.parse(name).toString();
    } catch (InvalidReferenceException e) {
      return name;
    }
  }

  private ScanTarget fromStoreOrRegistry(String nameOrId) {
    LocalStore store = new LocalStore(storeRoot);
    Optional<Image> local;
    try {
      local = store.find(nameOrId, platform);
    } catch (OciException | UncheckedIOException e) {
      throw new ScanException("cannot read " + nameOrId + " from the local store " + storeRoot + ": " + message(e), e);
    }
    if (local.isPresent()) {
      return new ScanTarget(nameOrId + " (local store)", local.get(), store, () -> { });
    }
    ImageReference reference;
    try {
      reference = ImageReference.parse(nameOrId);
    } catch (InvalidReferenceException e) {
      throw new ScanInputException("no image " + nameOrId + " in the local store " + storeRoot + ", and it is not a"
          + " registry reference: " + e.getMessage());
    }
    return fromRegistry(reference);
  }

  private ScanTarget fromRegistry(ImageReference reference) {
    RegistryClient client = registry.get();
    try {
      ResolvedImage resolved = client.resolve(reference, platform);
      Repository repository = Repository.of(reference);
      List<Descriptor> blobs = new ArrayList<>(resolved.manifest().value().layers());
      Descriptor configDescriptor = resolved.manifest().value().config();
      blobs.add(configDescriptor);
      RegistryBlobs source = new RegistryBlobs(client, repository, blobs);
      if (configDescriptor.size() > CONFIG_LIMIT) {
        throw new ScanException("the config of " + reference + " is " + configDescriptor.size()
            + " bytes, too large for an image config");
      }
      byte[] configBytes;
      try (InputStream in = source.open(configDescriptor.digest())) {
        configBytes = in.readAllBytes();
      }
      Raw<ImageConfig> config = OciJson.readConfig(configBytes);
      return new ScanTarget(reference.toString(), new Image(resolved.manifest(), config), source, () -> { });
    } catch (RegistryException | OciException e) {
      throw new ScanException("cannot read " + reference + " from its registry: " + message(e), e);
    } catch (IOException e) {
      throw new ScanException("cannot read the config of " + reference + ": " + message(e), e);
    }
  }

  private ScanTarget fromDaemon(ImageInput.DockerDaemon input) {
    if (dockerCommand.isEmpty()) {
      throw new ScanInputException("docker-daemon: needs the docker CLI, and none was found on PATH");
    }
    Path temp;
    try {
      temp = Files.createTempFile("stowage-scan-", ".tar",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (IOException e) {
      throw new ScanException("cannot create a temporary file for docker save: " + e.getMessage(), e);
    }
    Runnable delete = () -> {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // the temporary directory is cleaned by the system
      }
    };
    try {
      List<String> command = new ArrayList<>(dockerCommand);
      command.addAll(List.of("save", "-o", temp.toString(), input.reference()));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readNBytes(8192);
      process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      if (!process.waitFor(30, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new ScanException("docker save " + input.reference() + " did not finish within 30 minutes");
      }
      if (process.exitValue() != 0) {
        String said = new String(output, java.nio.charset.StandardCharsets.UTF_8).strip();
        int newline = said.indexOf('\n');
        throw new ScanInputException("docker save " + input.reference() + " failed: "
            + (newline < 0 ? said : said.substring(0, newline)));
      }
    } catch (IOException e) {
      delete.run();
      throw new ScanException("cannot run docker save: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      delete.run();
      Thread.currentThread().interrupt();
      throw new ScanException("interrupted while running docker save", e);
    } catch (RuntimeException e) {
      delete.run();
      throw e;
    }
    return fromArchive(input, () -> DockerArchiveReader.open(temp), Optional.empty(), delete);
  }

  private static String message(Throwable e) {
    Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
