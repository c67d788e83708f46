package dev.stowage.runtime.overlay;

import static dev.stowage.runtime.RuntimeFixtures.header;
import static dev.stowage.runtime.RuntimeFixtures.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.engine.spi.ActiveSnapshot;
import dev.stowage.engine.spi.Snapshot;
import dev.stowage.oci.Digest;
import dev.stowage.oci.archive.EntryType;
import dev.stowage.oci.archive.LayerEntry;
import dev.stowage.oci.archive.LayerResult;
import dev.stowage.oci.archive.LayerWriter;
import dev.stowage.oci.archive.TarHeader;
import dev.stowage.oci.archive.XattrAccess;
import dev.stowage.runtime.RuntimeFixtures;
import dev.stowage.runtime.RuntimeFixtures.LayerFile;
import dev.stowage.runtime.linux.MountTable;
import dev.stowage.runtime.linux.ProcessCommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("linux-root")
class OverlaySnapshotterTest {
  private static Path state;
  private static OverlaySnapshotter snapshotter;
  private static Snapshot base;
  private final List<ActiveSnapshot> open = new ArrayList<>();

  @BeforeAll
  static void unpackBase() throws IOException {
    RuntimeFixtures.assumeLinuxRoot();
    state = RuntimeFixtures.stateDir();
    snapshotter = new OverlaySnapshotter(state.resolve("snapshots"));
    LayerFile busybox = RuntimeFixtures.busyboxLayer(state);
    base = snapshotter.unpack(busybox.diffId(), busybox::open);
  }

  @AfterAll
  static void removeState() throws IOException {
    RuntimeFixtures.removeStateDir(state);
  }

  @AfterEach
  void closeSnapshots() throws IOException {
    for (ActiveSnapshot snapshot : open) {
      snapshot.close();
    }
  }

  private <T extends ActiveSnapshot> T track(T snapshot) {
    open.add(snapshot);
    return snapshot;
  }

  private static byte[] diff(ActiveSnapshot snapshot, Set<String> excluded, Digest[] diffId) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (LayerWriter layer = LayerWriter.toStream(out, RuntimeFixtures.diffOptions())) {
      snapshot.writeDiff(layer, excluded);
      LayerResult result = layer.finish();
      diffId[0] = result.diffId();
    }
    return out.toByteArray();
  }

  private static List<Path> entries(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.toList();
    }
  }

  @Test
  void unpacksALayerOnceWithItsShortLink() throws IOException {
    String id = SnapshotLayout.layerId(base.diffId());
    Path dir = snapshotter.layout().snapshotDir(id);

    assertThat(snapshotter.has(base.diffId())).isTrue();
    assertThat(dir.resolve("fs/bin/busybox")).isRegularFile();
    assertThat(Files.readSymbolicLink(dir.resolve("fs/bin/sh"))).isEqualTo(Path.of("busybox"));
    assertThat(Files.getPosixFilePermissions(dir.resolve("fs/tmp"))).hasSize(9);
    String link = Files.readString(dir.resolve("link"));
    assertThat(snapshotter.layout().links().resolve(link).toRealPath()).isEqualTo(dir.resolve("fs").toRealPath());
    assertThat(snapshotter.unpack(base.diffId(), () -> {
      throw new AssertionError("an unpacked layer is not read again");
    })).isEqualTo(base);
  }

  @Test
  void refusesALayerWhoseContentDoesNotMatchItsDiffId() throws IOException {
    LayerFile layer = RuntimeFixtures.layer(state.resolve("liar.tar"),
        w -> w.add(RuntimeFixtures.text("liar", "not what the DiffID says\n")));
    Digest claimed = Digest.sha256("some other layer");

    assertThatThrownBy(() -> snapshotter.unpack(claimed, layer::open))
        .isInstanceOf(SnapshotException.class)
        .hasMessageContaining("layer " + claimed + " was refused")
        .hasMessageContaining(layer.diffId().toString());

    assertThat(snapshotter.has(claimed)).isFalse();
    assertThat(snapshotter.layout().snapshotDir(SnapshotLayout.layerId(claimed))).doesNotExist();
    assertThat(entries(snapshotter.layout().tmp())).isEmpty();
  }

  @Test
  void changesBecomeALayerWithWhiteoutsAndOpaqueDirectoriesAndStackAfterCommit() throws IOException {
    ActiveSnapshot step = track(snapshotter.prepare(List.of(base)));
    Path root = step.root();
    Files.writeString(root.resolve("hello.txt"), "hello\n");
    Files.createLink(root.resolve("hello-link.txt"), root.resolve("hello.txt"));
    Files.createSymbolicLink(root.resolve("to-hello"), Path.of("hello.txt"));
    Files.delete(root.resolve("etc/group"));
    Files.delete(root.resolve("var/lib/old/file"));
    Files.delete(root.resolve("var/lib/old"));
    Files.createDirectory(root.resolve("var/lib/old"));
    Files.writeString(root.resolve("var/lib/old/new.txt"), "replaced\n");
    Files.setPosixFilePermissions(root.resolve("etc/passwd"), PosixFilePermissions.fromString("rw-------"));
    Files.getFileAttributeView(root.resolve("hello.txt"), UserDefinedFileAttributeView.class)
        .write("test.note", ByteBuffer.wrap("kept".getBytes(StandardCharsets.UTF_8)));
    Files.createDirectories(root.resolve("run/secrets"));
    Files.writeString(root.resolve("run/secrets/stub"), "");

    Digest[] diffId = new Digest[1];
    List<TarHeader> headers = headers(diff(step, Set.of("/run"), diffId));

    assertThat(headers).extracting(TarHeader::path).containsExactly(
        "etc", "etc/.wh.group", "etc/passwd", "hello-link.txt", "hello.txt", "to-hello",
        "var", "var/lib", "var/lib/old", "var/lib/old/.wh..wh..opq", "var/lib/old/new.txt");
    assertThat(header(headers, "etc/.wh.group").type()).isEqualTo(EntryType.FILE);
    assertThat(header(headers, "etc/passwd").mode()).isEqualTo(0600);
    assertThat(header(headers, "hello-link.txt").xattrs()).extracting(x -> x.name())
        .containsExactly("user.test.note");
    assertThat(header(headers, "hello-link.txt").type()).isEqualTo(EntryType.FILE);
    assertThat(header(headers, "hello.txt").type()).isEqualTo(EntryType.HARDLINK);
    assertThat(header(headers, "hello.txt").linkTarget()).isEqualTo("hello-link.txt");
    assertThat(header(headers, "to-hello").linkTarget()).isEqualTo("hello.txt");
    assertThat(headers).allSatisfy(h -> assertThat(h.xattrs()).noneMatch(x -> x.name().startsWith("trusted.")));

    Snapshot layer = step.commit(diffId[0]);
    assertThat(snapshotter.has(layer.diffId())).isTrue();
    assertThat(MountTable.read().mountPointsUnder(state)).isEmpty();

    ActiveSnapshot next = track(snapshotter.prepare(List.of(base, layer)));
    Path merged = next.root();
    assertThat(merged.resolve("hello.txt")).hasContent("hello");
    assertThat(merged.resolve("etc/group")).doesNotExist();
    assertThat(merged.resolve("etc/passwd")).exists();
    assertThat(entries(merged.resolve("var/lib/old"))).containsExactly(merged.resolve("var/lib/old/new.txt"));
    assertThat(merged.resolve("run")).doesNotExist().as("excluded from the diff, so not committed either");
  }

  @Test
  void aScratchSnapshotStartsEmptyAndCommitsItsFiles() throws IOException {
    ActiveSnapshot scratch = track(snapshotter.prepare(List.of()));
    assertThat(entries(scratch.root())).isEmpty();
    Files.writeString(scratch.root().resolve("only"), "one file\n");

    Digest[] diffId = new Digest[1];
    assertThat(headers(diff(scratch, Set.of(), diffId))).extracting(TarHeader::path).containsExactly("only");
  }

  @Test
  void commitKeepsAnExistingSnapshotOfTheSameLayer() throws IOException {
    ActiveSnapshot first = track(snapshotter.prepare(List.of(base)));
    Files.writeString(first.root().resolve("same"), "same\n");
    Digest[] diffId = new Digest[1];
    diff(first, Set.of(), diffId);
    Snapshot committed = first.commit(diffId[0]);
    Path kept = snapshotter.layout().fs(SnapshotLayout.layerId(committed.diffId()));
    Object inode = Files.getAttribute(kept, "unix:ino");

    ActiveSnapshot second = track(snapshotter.prepare(List.of(base)));
    Files.writeString(second.root().resolve("same"), "same\n");
    assertThat(second.commit(diffId[0])).isEqualTo(committed);

    assertThat(Files.getAttribute(kept, "unix:ino")).isEqualTo(inode);
    assertThat(entries(snapshotter.layout().active())).isEmpty();
    assertThatThrownBy(() -> second.writeDiff(null, Set.of())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeUnmountsAndDiscardsUncommittedChanges() throws IOException {
    ActiveSnapshot step = snapshotter.prepare(List.of(base));
    Files.writeString(step.root().resolve("scratch"), "thrown away\n");
    assertThat(MountTable.read().isMountPoint(step.root())).isTrue();

    step.close();
    step.close();

    assertThat(MountTable.read().mountPointsUnder(state)).isEmpty();
    assertThat(entries(snapshotter.layout().active())).isEmpty();
  }

  @Test
  void aViewIsReadOnly() throws IOException {
    ActiveSnapshot view = track(snapshotter.view(List.of(base)));

    assertThat(view.root().resolve("etc/passwd")).exists();
    assertThatThrownBy(() -> Files.writeString(view.root().resolve("new"), "x"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Read-only file system");
    assertThatThrownBy(() -> view.writeDiff(null, Set.of())).isInstanceOf(UnsupportedOperationException.class);
    assertThat(entries(track(snapshotter.view(List.of())).root())).isEmpty();
  }

  @Test
  void deepStacksAreFlattenedOnceAndKeepTheirWhiteouts() throws IOException {
    LayerFile second = RuntimeFixtures.layer(state.resolve("second.tar"), w -> {
      w.add(RuntimeFixtures.text("a", "from the second layer\n"));
      w.add(RuntimeFixtures.text("keep", "kept\n"));
    });
    LayerFile third = RuntimeFixtures.layer(state.resolve("third.tar"), w -> {
      w.add(LayerEntry.whiteout("a"));
      w.add(RuntimeFixtures.text("b", "from the third layer\n"));
      w.add(LayerEntry.of(TarHeader.directory("etc", 0755)));
      w.add(LayerEntry.whiteout("etc/group"));
    });
    OverlaySnapshotter shallow = new OverlaySnapshotter(state.resolve("snapshots"), new ProcessCommandRunner(),
        XattrAccess.attrTools(), 2);
    List<Snapshot> stack = List.of(base, shallow.unpack(second.diffId(), second::open),
        shallow.unpack(third.diffId(), third::open));

    ActiveSnapshot step = track(shallow.prepare(stack));

    Path root = step.root();
    assertThat(root.resolve("keep")).hasContent("kept");
    assertThat(root.resolve("b")).exists();
    assertThat(root.resolve("a")).doesNotExist();
    assertThat(root.resolve("etc/group")).doesNotExist();
    assertThat(root.resolve("bin/busybox")).isRegularFile();
    Path flat = snapshotter.layout().fs(SnapshotLayout.flatId(List.of(base.diffId(), second.diffId())));
    assertThat(flat.resolve("keep")).exists();
    assertThat(Files.readSymbolicLink(flat.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
    assertThat(Files.getPosixFilePermissions(flat.resolve("root"))).isEqualTo(
        PosixFilePermissions.fromString("rwx------"));
    assertThat(MountTable.read().mountPointsUnder(state)).containsExactly(root);
  }

  @Test
  void twoUnpacksOfTheSameLayerAtOnceKeepOneCopy() throws Exception {
    LayerFile layer = RuntimeFixtures.layer(state.resolve("raced.tar"),
        w -> w.add(RuntimeFixtures.text("raced", "raced\n")));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<Snapshot> unpack = () -> new OverlaySnapshotter(state.resolve("snapshots"))
          .unpack(layer.diffId(), layer::open);
      List<Future<Snapshot>> results = pool.invokeAll(List.of(unpack, unpack));
      for (Future<Snapshot> result : results) {
        assertThat(result.get().diffId()).isEqualTo(layer.diffId());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(snapshotter.layout().fs(SnapshotLayout.layerId(layer.diffId())).resolve("raced")).exists();
    assertThat(entries(snapshotter.layout().tmp())).isEmpty();
  }

  @Test
  void aLayerTwiceInAStackIsMountedOnceWhereItOccursLast() throws IOException {
    LayerFile adds = RuntimeFixtures.layer(state.resolve("adds.tar"), w -> w.add(RuntimeFixtures.text("x", "x\n")));
    LayerFile deletes = RuntimeFixtures.layer(state.resolve("deletes.tar"), w -> w.add(LayerEntry.whiteout("x")));
    Snapshot a = snapshotter.unpack(adds.diffId(), adds::open);
    Snapshot b = snapshotter.unpack(deletes.diffId(), deletes::open);

    assertThat(track(snapshotter.prepare(List.of(base, a, b, a))).root().resolve("x")).exists();
    assertThat(track(snapshotter.view(List.of(base, a, b))).root().resolve("x")).doesNotExist();
    assertThat(OverlaySnapshotter.withoutLowerDuplicates(List.of(base, a, b, a, b))).containsExactly(base, a, b);
  }

  @Test
  void publishingWhatAnotherProcessPublishedFirstKeepsTheirs() throws IOException {
    Digest diffId = Digest.sha256("published twice");
    String id = SnapshotLayout.layerId(diffId);
    List<Path> copies = new ArrayList<>();
    for (String content : List.of("first", "second")) {
      Path tmp = Files.createDirectory(snapshotter.layout().tmp().resolve("0.0-" + content));
      Files.writeString(Files.createDirectory(tmp.resolve("fs")).resolve("file"), content);
      Files.writeString(tmp.resolve("diffid"), diffId.toString());
      copies.add(tmp);
    }

    snapshotter.publish(copies.get(0), id);
    snapshotter.publish(copies.get(1), id);

    assertThat(snapshotter.has(diffId)).isTrue();
    assertThat(snapshotter.layout().fs(id).resolve("file")).hasContent("first");
    assertThat(copies.get(1)).exists();
    FileTrees.deleteTree(copies.get(1));
  }

  @Test
  void aStackOnAMissingLayerIsRefused() {
    Snapshot missing = new Snapshot(Digest.sha256("never unpacked"));

    assertThatThrownBy(() -> snapshotter.prepare(List.of(base, missing)))
        .isInstanceOf(SnapshotException.class)
        .hasMessageContaining(missing.diffId() + " is not unpacked");
    assertThat(Files.exists(snapshotter.layout().active(), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }
}
