package dev.stowage.engine.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.image.LayerRef;
import dev.stowage.engine.solve.Solver.BuiltImage;
import dev.stowage.engine.store.LocalImages;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.OciJson;
import dev.stowage.oci.Platform;
import dev.stowage.oci.RootFs;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.archive.LayerEntry;
import dev.stowage.oci.archive.LayerOptions;
import dev.stowage.oci.archive.LayerResult;
import dev.stowage.oci.archive.LayerWriter;
import dev.stowage.oci.archive.TarHeader;
import dev.stowage.oci.archive.TarReader;
import dev.stowage.oci.image.Image;
import dev.stowage.oci.store.FileBlobStore;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterTest {
  @TempDir Path dir;

  private final List<String> tags = List.of("example.com/app:1");
  private LocalImages names;
  private Exporter exporter;
  private BuiltImage built;

  @BeforeEach
  void storeWithOneLayer() throws Exception {
    FileBlobStore store = FileBlobStore.open(dir.resolve("store"));
    names = new LocalImages(dir.resolve("images.json"));
    exporter = new Exporter(store, names, Optional.empty(), new ByteArrayOutputStream(), dir);
    built = built(store);
  }

  @Test
  void aDockerArchiveUnderTheBuildsTagsKeepsTheStoredImageAsItIs() throws Exception {
    Image stored = exporter.store(built, tags);
    Map<String, LocalImages.Entry> afterStore = names.list();
    Thread.sleep(2); // a second naming would carry a later time
    Path archive = dir.resolve("app.tar");
    exporter.export(new OutputSpec.Docker(Optional.of(archive), List.of(), Optional.empty()), built, tags, stored);

    assertThat(names.list()).isEqualTo(afterStore);
    assertThat(entryNames(archive)).contains("manifest.json", "blobs/sha256/" + built.configDigest().encoded());
  }

  @Test
  void aDockerArchiveWithItsOwnNamesStoresTheImageUnderThem() throws Exception {
    Image stored = exporter.store(built, tags);
    exporter.export(new OutputSpec.Docker(Optional.of(dir.resolve("other.tar")), List.of("example.com/other:2"),
        Optional.empty()), built, tags, stored);

    assertThat(names.list()).containsOnlyKeys("example.com/app:1", "example.com/other:2");
    assertThat(names.resolve("example.com/other:2")).contains(stored.descriptor());
  }

  private static BuiltImage built(FileBlobStore store) throws Exception {
    LayerResult layer;
    try (LayerWriter writer = LayerWriter.toStore(store, LayerOptions.defaults().withCompression(Compression.NONE))) {
      writer.add(LayerEntry.file("etc/motd", "hello from a layer\n".getBytes(StandardCharsets.UTF_8)));
      layer = writer.finish();
    }
    ImageConfig config = ImageConfig.scratch(Platform.parse("linux/amd64"))
        .withRootfs(RootFs.of(List.of(layer.diffId())));
    byte[] bytes = OciJson.write(config);
    return new BuiltImage(config, bytes, Digest.sha256(bytes), List.of(new LayerRef(layer.descriptor(),
        layer.diffId())));
  }

  private static List<String> entryNames(Path archive) throws Exception {
    List<String> found = new ArrayList<>();
    try (InputStream in = Files.newInputStream(archive); TarReader tar = new TarReader(in, archive.toString())) {
      for (TarHeader entry = tar.next(); entry != null; entry = tar.next()) {
        found.add(entry.path());
      }
    }
    return found;
  }
}
