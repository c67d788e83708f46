package dev.stowage.engine.export;

import dev.stowage.engine.solve.Solver.BuiltImage;
import dev.stowage.engine.store.LocalImages;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.archive.DirectoryLayerSource;
import dev.stowage.oci.archive.ExtractOptions;
import dev.stowage.oci.archive.FileSink;
import dev.stowage.oci.archive.LayerExtractor;
import dev.stowage.oci.archive.LayerOptions;
import dev.stowage.oci.archive.LayerWriter;
import dev.stowage.oci.archive.MtimePolicy;
import dev.stowage.oci.archive.WhiteoutMode;
import dev.stowage.oci.dockerarchive.DockerArchiveWriter;
import dev.stowage.oci.fs.FileTrees;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.image.NamedImage;
import dev.stowage.oci.layout.OciLayoutWriter;
import dev.stowage.oci.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Writes a built image where {@code --output} asks: a docker-archive, an OCI layout (tar or directory), the final
 * filesystem (directory), or the local store (and a registry, through the {@link Pusher}). Files are written to a
 * temporary name beside the destination and renamed into place, so a failed export never leaves half a file.
 */
public final class Exporter {
  /** Pushes an image to a registry under a name. */
  @FunctionalInterface
  public interface Pusher {
    void push(Image image, String name);
  }

  private final BlobStore store;
  private final LocalImages names;
  private final Optional<Pusher> pusher;
  private final OutputStream stdout;
  private final Path scratchParent;
  private final LayerConverter converter;

  /** @param scratchParent where temporary export trees go (the state directory's tmp: never a secret there) */
  public Exporter(BlobStore store, LocalImages names, Optional<Pusher> pusher, OutputStream stdout,
      Path scratchParent) {
    this(store, names, pusher, stdout, scratchParent, new LayerConverter(store));
  }

  /** @param converter compresses layers for the outputs that want them compressed */
  public Exporter(BlobStore store, LocalImages names, Optional<Pusher> pusher, OutputStream stdout,
      Path scratchParent, LayerConverter converter) {
    this.store = store;
    this.names = names;
    this.pusher = pusher;
    this.stdout = stdout;
    this.scratchParent = scratchParent;
    this.converter = converter;
  }

  /** How BuildKit names the export of {@code spec} ({@code exporting to ...}). */
  public static String describe(OutputSpec spec) {
    // instanceof, not a pattern switch: the build's start-up path (see docs/architecture.md, "Start-up")
    if (spec instanceof OutputSpec.Docker docker) {
      return docker.dest().isPresent() ? "docker image format" : "image";
    } else if (spec instanceof OutputSpec.Oci) {
      return "oci image format";
    } else if (spec instanceof OutputSpec.Local) {
      return "client directory";
    } else if (spec instanceof OutputSpec.Tar) {
      return "client tarball";
    } else if (spec instanceof OutputSpec.Image image) {
      return image.push() ? "image and pushing it" : "image";
    }
    throw new IllegalStateException("unhandled " + spec.getClass().getSimpleName());
  }

  /** Keeps the image in the local store under every tag; returns the stored (Docker schema 2) image. */
  public Image store(BuiltImage built, List<String> tags) {
    Image image = ImageAssembler.docker(built, store);
    Descriptor descriptor = image.descriptor();
    for (String tag : tags) {
      names.tag(tag, descriptor);
    }
    return image;
  }

  /**
   * Writes one output; {@code tags} name the image where the output gives no {@code name=}, and {@code stored} is
   * what {@link #store} returned for {@code built} and {@code tags}: an output under those names keeps it as it is
   * instead of storing and naming it again.
   */
  public String export(OutputSpec spec, BuiltImage built, List<String> tags, Image stored) throws IOException {
    if (spec instanceof OutputSpec.Docker docker) {
      List<String> imageNames = docker.names().isEmpty() ? tags : docker.names();
      Image image = imageNames.equals(tags) ? stored : store(built, imageNames);
      if (docker.dest().isEmpty()) {
        return "image stored as " + String.join(", ", imageNames);
      }
      Path dest = docker.dest().get();
      if (docker.compression().isPresent() && docker.compression().get().compression() != Compression.NONE) {
        // docker load reads compressed layers too (gzip always, zstd from docker 23 on): copied as they are.
        Image compressed = ImageAssembler.docker(converter.convert(built, docker.compression().get()), store);
        writeFile(dest, out -> DockerArchiveWriter.write(out, List.of(new NamedImage(compressed, imageNames)),
            store, DockerArchiveWriter.Layout.OCI_COMPATIBLE, DockerArchiveWriter.LayerForm.AS_STORED));
      } else {
        writeFile(dest, out -> DockerArchiveWriter.write(out, List.of(new NamedImage(image, imageNames)), store));
      }
      return "docker-archive written to " + dest;
    } else if (spec instanceof OutputSpec.Oci oci) {
      List<String> imageNames = oci.names().isEmpty() ? tags : oci.names();
      Image image = ImageAssembler.oci(converter.convert(built,
          oci.compression().orElse(LayerConverter.Choice.gzipDefault())), store);
      Path dest = oci.dest().orElseThrow(() -> new IllegalArgumentException("type=oci needs dest="));
      if (oci.tar()) {
        writeFile(dest, out -> OciLayoutWriter.writeTar(out, List.of(new NamedImage(image, imageNames)), store));
      } else {
        OciLayoutWriter.writeDirectory(dest, List.of(new NamedImage(image, imageNames)), store);
      }
      return "OCI layout written to " + dest;
    } else if (spec instanceof OutputSpec.Local local) {
      flatten(built, local.dest());
      return "filesystem written to " + local.dest();
    } else if (spec instanceof OutputSpec.Tar tar) {
      // The final filesystem as one tar: the layers applied in a scratch directory, then written out.
      Path scratch = Files.createTempDirectory(scratchParent, "export-tar-");
      try {
        flatten(built, scratch);
        writeFile(tar.dest(), out -> {
          try (LayerWriter writer = LayerWriter.toStream(out, LayerOptions.defaults()
              .withCompression(Compression.NONE).withMtime(new MtimePolicy.Preserve()))) {
            writer.addAll(DirectoryLayerSource.entries(scratch, DirectoryLayerSource.Options.defaults()));
            writer.finish();
          }
        });
      } finally {
        deleteTree(scratch);
      }
      return "filesystem tar written to " + tar.dest();
    } else if (spec instanceof OutputSpec.Image image) {
      List<String> imageNames = image.names().isEmpty() ? tags : image.names();
      if (imageNames.isEmpty()) {
        throw new IllegalArgumentException("type=image needs a name: -t NAME or name=NAME");
      }
      if (!imageNames.equals(tags)) {
        store(built, imageNames);
      }
      if (image.push()) {
        Pusher push = pusher.orElseThrow(() -> new IllegalStateException("no registry access configured"));
        Image pushed = ImageAssembler.docker(converter.convert(built,
            image.compression().orElse(LayerConverter.Choice.gzipDefault())), store);
        for (String name : imageNames) {
          push.push(pushed, name);
        }
        return "pushed " + String.join(", ", imageNames);
      }
      return "image stored as " + String.join(", ", imageNames);
    }
    throw new IllegalStateException("unhandled " + spec.getClass().getSimpleName());
  }

  /** Applies every layer in order onto {@code dest}, whiteouts deleting what lower layers made. */
  private void flatten(BuiltImage built, Path dest) throws IOException {
    Files.createDirectories(dest);
    for (var layer : built.layers()) {
      try (InputStream in = store.open(layer.blob().digest())) {
        LayerExtractor.extract(in, dest, ExtractOptions.defaults().withWhiteouts(WhiteoutMode.APPLY),
            layer.blob().digest().toString());
      }
    }
  }

  private void writeFile(Path dest, WriteAction action) throws IOException {
    if (dest.toString().equals("-")) {
      action.write(stdout);
      stdout.flush();
      return;
    }
    Path absolute = dest.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".partial");
    try {
      try (OutputStream out = new FileSink(FileChannel.open(temp, StandardOpenOption.WRITE))) {
        action.write(out);
      }
      try {
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    FileTrees.removeAll(dir);
  }

  @FunctionalInterface
  private interface WriteAction {
    void write(OutputStream out) throws IOException;
  }
}
