package dev.stowage.oci.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLayerSourceTest {
  @TempDir Path temp;

  @Test
  void walksSortedByComponentWithMetadata() throws IOException {
    Path root = Files.createDirectory(temp.resolve("root"));
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a-b"), "x");
    Files.writeString(root.resolve("a/b/c"), "yy");
    Files.writeString(root.resolve("Z"), "");
    Files.createSymbolicLink(root.resolve("a/link"), Path.of("/abs/target"));
    Files.setAttribute(root.resolve("a/b/c"), "unix:mode", 0750);
    Files.setLastModifiedTime(root.resolve("a-b"), FileTime.fromMillis(123_000));
    List<LayerEntry> entries = DirectoryLayerSource.entries(root, DirectoryLayerSource.Options.defaults());
    assertThat(entries).extracting(e -> e.header().path())
        .containsExactly("Z", "a", "a/b", "a/b/c", "a/link", "a-b");
    TarHeader c = entries.get(3).header();
    assertThat(c.type()).isEqualTo(EntryType.FILE);
    assertThat(c.mode()).isEqualTo(0750);
    assertThat(c.size()).isEqualTo(2);
    assertThat(entries.get(4).header().linkTarget()).isEqualTo("/abs/target");
    assertThat(entries.get(5).header().mtime().toEpochMilli()).isEqualTo(123_000);
  }

  @Test
  void prefixesAndExcludes() throws IOException {
    Path root = Files.createDirectory(temp.resolve("root"));
    Files.createDirectories(root.resolve("run/secrets"));
    Files.writeString(root.resolve("run/secrets/stub"), "");
    Files.writeString(root.resolve("kept"), "k");
    List<LayerEntry> entries = DirectoryLayerSource.entries(root,
        DirectoryLayerSource.Options.defaults().withPrefix("/app/", true).withExclude(List.of("app/run/secrets")));
    assertThat(entries).extracting(e -> e.header().path()).containsExactly("app", "app/kept", "app/run");
  }

  @Test
  void sameInputGivesTheSameLayerTwice() throws IOException {
    Path root = Files.createDirectory(temp.resolve("root"));
    for (int i = 0; i < 50; i++) {
      Files.writeString(root.resolve("f" + i), "content " + i);
    }
    Files.createLink(root.resolve("hard"), root.resolve("f7"));
    LayerResult first = write(root);
    Files.setLastModifiedTime(root.resolve("f3"), FileTime.fromMillis(42));
    LayerResult second = write(root);
    assertThat(second).isEqualTo(first);
  }

  private static LayerResult write(Path root) {
    try (LayerWriter writer = LayerWriter.toStream(new ByteArrayOutputStream(), LayerOptions.defaults())) {
      writer.addAll(DirectoryLayerSource.entries(root, DirectoryLayerSource.Options.defaults()));
      return writer.finish();
    }
  }

  @Test
  void hardlinksAreDetectedByInode() throws IOException {
    Path root = Files.createDirectory(temp.resolve("root"));
    Files.writeString(root.resolve("b"), "same");
    Files.createLink(root.resolve("a"), root.resolve("b"));
    List<LayerEntry> entries = DirectoryLayerSource.entries(root, DirectoryLayerSource.Options.defaults());
    assertThat(entries.get(0).header().type()).isEqualTo(EntryType.FILE);
    assertThat(entries.get(1).header().type()).isEqualTo(EntryType.HARDLINK);
    assertThat(entries.get(1).header().linkTarget()).isEqualTo("a");
  }

  @Test
  void overlayUpperDirectoriesBecomeOciWhiteoutsAndBack() throws IOException {
    assumeTrue(LayerExtractorTest.canMknod(), "needs CAP_MKNOD");
    Path upper = Files.createDirectory(temp.resolve("upper"));
    Files.createDirectory(upper.resolve("etc"));
    SpecialFiles.mknod(upper.resolve("etc/removed"), EntryType.CHAR_DEVICE, 0, 0, 0);
    Files.writeString(upper.resolve("etc/added"), "new");
    boolean trusted = XattrAccess.attrToolsIfInstalled().isPresent() && ExtractOptions.runningAsRoot();
    XattrAccess xattrs = trusted ? XattrAccess.attrTools() : XattrAccess.userNamespace();
    Files.createDirectory(upper.resolve("cache"));
    if (trusted) {
      xattrs.set(upper.resolve("cache"), Xattr.of(Whiteouts.OVERLAY_OPAQUE_XATTR, "y"));
    }
    List<LayerEntry> entries = DirectoryLayerSource.entries(upper,
        DirectoryLayerSource.Options.defaults().withXattrs(xattrs).withOverlayWhiteouts(true));
    List<String> paths = entries.stream().map(e -> e.header().path()).toList();
    assertThat(paths).contains("etc/.wh.removed", "etc/added").doesNotContain("etc/removed");
    if (trusted) {
      assertThat(paths).containsSubsequence("cache", "cache/.wh..wh..opq");
      assertThat(entries.get(paths.indexOf("cache")).header().xattrs()).isEmpty();
    }

    ByteArrayOutputStream layer = new ByteArrayOutputStream();
    try (LayerWriter writer = LayerWriter.toStream(layer, LayerOptions.defaults())) {
      writer.addAll(entries);
      writer.finish();
    }
    Path lower = Files.createDirectory(temp.resolve("lower"));
    LayerExtractor.extract(new ByteArrayInputStream(layer.toByteArray()), lower,
        ExtractOptions.defaults().withWhiteouts(WhiteoutMode.OVERLAY).withXattrs(xattrs));
    assertThat(Files.getAttribute(lower.resolve("etc/removed"), "unix:rdev", java.nio.file.LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(0L);
    if (trusted) {
      assertThat(xattrs.list(lower.resolve("cache"))).contains(Xattr.of(Whiteouts.OVERLAY_OPAQUE_XATTR, "y"));
    }
  }

  @Test
  void fifosAndDeviceNodesAreWalkedAndRoundTripWithoutBeingOpened() throws IOException {
    Path root = Files.createDirectory(temp.resolve("root"));
    SpecialFiles.mknod(root.resolve("pipe"), EntryType.FIFO, 0640, 0, 0);
    boolean devices = ExtractOptions.runningAsRoot() && LayerExtractorTest.canMknod(EntryType.CHAR_DEVICE)
        && LayerExtractorTest.canMknod(EntryType.BLOCK_DEVICE);
    if (devices) { // no driver behind these: opening them fails
      SpecialFiles.mknod(root.resolve("chr"), EntryType.CHAR_DEVICE, 0600, LayerExtractorTest.UNUSED_MAJOR, 7);
      SpecialFiles.mknod(root.resolve("blk"), EntryType.BLOCK_DEVICE, 0660, LayerExtractorTest.UNUSED_MAJOR, 300);
    }

    // The default options read user.* xattrs, which the JDK reads through a descriptor.
    List<LayerEntry> entries = assertTimeoutPreemptively(LayerExtractorTest.HANG_GUARD,
        () -> DirectoryLayerSource.entries(root, DirectoryLayerSource.Options.defaults()));

    TarHeader pipe = entries.stream().map(LayerEntry::header).filter(h -> h.path().equals("pipe")).findFirst()
        .orElseThrow();
    assertThat(pipe.type()).isEqualTo(EntryType.FIFO);
    assertThat(pipe.mode()).isEqualTo(0640);
    if (devices) {
      assertThat(entries).extracting(LayerEntry::header)
          .extracting(TarHeader::path, TarHeader::type, TarHeader::mode, TarHeader::devMajor, TarHeader::devMinor)
          .contains(
              Tuple.tuple("blk", EntryType.BLOCK_DEVICE, 0660,
                  LayerExtractorTest.UNUSED_MAJOR, 300),
              Tuple.tuple("chr", EntryType.CHAR_DEVICE, 0600,
                  LayerExtractorTest.UNUSED_MAJOR, 7));
    }

    ByteArrayOutputStream layer = new ByteArrayOutputStream();
    try (LayerWriter writer = LayerWriter.toStream(layer, LayerOptions.defaults())) {
      writer.addAll(entries);
      writer.finish();
    }
    Path out = Files.createDirectory(temp.resolve("out"));
    assertTimeoutPreemptively(LayerExtractorTest.HANG_GUARD, () -> LayerExtractor.extract(
        new ByteArrayInputStream(layer.toByteArray()), out, ExtractOptions.defaults()));
    assertThat(Files.getAttribute(out.resolve("pipe"), "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(010640);
    if (devices) {
      assertThat(Files.getAttribute(out.resolve("chr"), "unix:rdev", LinkOption.NOFOLLOW_LINKS))
          .isEqualTo(Files.getAttribute(root.resolve("chr"), "unix:rdev", LinkOption.NOFOLLOW_LINKS));
      assertThat(Files.getAttribute(out.resolve("blk"), "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(060660);
    }
  }

  @Test
  void binaryFileCapabilitiesSurviveALayerRoundTrip() throws IOException {
    assumeTrue(XattrAccess.attrToolsIfInstalled().isPresent() && ExtractOptions.runningAsRoot(),
        "security.* xattrs need root and getfattr/setfattr");
    XattrAccess attr = XattrAccess.attrTools();
    Path root = Files.createDirectory(temp.resolve("root"));
    Path ping = Files.writeString(root.resolve("ping"), "binary");
    // cap_net_raw+ep as the kernel stores it (VFS_CAP_REVISION_2), bytes above 0x7f included.
    byte[] capability = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    try {
      attr.set(ping, new Xattr("security.capability", capability));
    } catch (RuntimeException e) {
      assumeTrue(false, "this file system refuses security.capability: " + e.getMessage());
    }
    Xattr stored = attr.list(ping).stream().filter(x -> x.name().equals("security.capability")).findFirst()
        .orElseThrow();
    ByteArrayOutputStream layer = new ByteArrayOutputStream();
    try (LayerWriter writer = LayerWriter.toStream(layer, LayerOptions.defaults())) {
      writer.addAll(DirectoryLayerSource.entries(root, DirectoryLayerSource.Options.defaults().withXattrs(attr)));
      writer.finish();
    }
    Path out = Files.createDirectory(temp.resolve("out"));
    LayerExtractor.extract(new ByteArrayInputStream(layer.toByteArray()), out,
        ExtractOptions.defaults().withXattrs(attr));
    assertThat(attr.list(out.resolve("ping"))).contains(stored);
  }

  @Test
  void parsesGetfattrOutputWithEscapedNames() {
    String output = "# file: /tmp/a\\012b\nuser.x=0x01ff\nsecurity.capability=0x0100000200200000\n\n"
        + "# file: /tmp/c\nuser.empty\n";
    var parsed = AttrToolXattrs.parse(output);
    assertThat(parsed.get(Path.of("/tmp/a\nb"))).containsExactly(
        new Xattr("security.capability", new byte[] {1, 0, 0, 2, 0, 0x20, 0, 0}),
        new Xattr("user.x", new byte[] {1, (byte) 0xff}));
    assertThat(parsed.get(Path.of("/tmp/c"))).containsExactly(new Xattr("user.empty", new byte[0]));
  }
}
