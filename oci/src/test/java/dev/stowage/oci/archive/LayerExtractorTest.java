package dev.stowage.oci.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.oci.Digest;
import dev.stowage.oci.DigestMismatchException;
import dev.stowage.oci.store.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerExtractorTest {
  @TempDir Path temp;
  Path target;
  Path outside;

  @BeforeEach
  void setUp() throws IOException {
    target = Files.createDirectory(temp.resolve("rootfs"));
    outside = Files.createDirectory(temp.resolve("outside"));
    Files.writeString(outside.resolve("victim"), "untouched");
  }

  private ExtractionResult extract(byte[] layer) {
    return extract(layer, ExtractOptions.defaults());
  }

  private ExtractionResult extract(byte[] layer, ExtractOptions options) {
    return LayerExtractor.extract(new ByteArrayInputStream(layer), target, options, "test layer");
  }

  private void assertOutsideUntouched() throws IOException {
    assertThat(Files.readString(outside.resolve("victim"))).isEqualTo("untouched");
    try (Stream<Path> files = Files.list(outside)) {
      assertThat(files).containsExactly(outside.resolve("victim"));
    }
  }

  @Test
  void appliesFilesDirectoriesLinksModesAndTimes() throws IOException {
    byte[] layer = new TestTars()
        .dir("bin")
        .file("bin/tool", "#!/bin/sh\n", 04755)
        .symlink("bin/sh", "/bin/busybox")
        .hardlink("bin/tool2", "bin/tool")
        .file("/etc/motd", "hi\n")
        .dir("./tmp", 01777)
        .build();
    ExtractionResult result = extract(TestTars.gzip(layer));
    assertThat(result.entries()).isEqualTo(6);
    assertThat(Files.readString(target.resolve("bin/tool"))).isEqualTo("#!/bin/sh\n");
    assertThat(Files.getAttribute(target.resolve("bin/tool"), "unix:mode")).isEqualTo(0104755);
    assertThat(Files.getAttribute(target.resolve("tmp"), "unix:mode")).isEqualTo(041777);
    assertThat(Files.readSymbolicLink(target.resolve("bin/sh"))).isEqualTo(Path.of("/bin/busybox"));
    assertThat(Files.isSameFile(target.resolve("bin/tool"), target.resolve("bin/tool2"))).isTrue();
    assertThat(Files.readString(target.resolve("etc/motd"))).isEqualTo("hi\n");
    assertThat(Files.getLastModifiedTime(target.resolve("bin"))).isEqualTo(FileTime.fromMillis(1_000_000_000_000L));
    assertThat(Files.getLastModifiedTime(target.resolve("bin/sh"), LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(FileTime.fromMillis(1_000_000_000_000L));
  }

  @Test
  void appliesOwnershipAsRoot() throws IOException {
    assumeTrue(ExtractOptions.runningAsRoot(), "ownership needs root");
    TarArchiveEntry e = new TarArchiveEntry("owned");
    e.setSize(1);
    e.setIds(1000, 1001);
    e.setMode(0102750);
    extract(new TestTars().entry(e, new byte[] {'x'}).build());
    Path owned = target.resolve("owned");
    assertThat(Files.getAttribute(owned, "unix:uid")).isEqualTo(1000);
    assertThat(Files.getAttribute(owned, "unix:gid")).isEqualTo(1001);
    assertThat(Files.getAttribute(owned, "unix:mode")).isEqualTo(0102750);
  }

  @Test
  void roundTripsOurOwnLayerFromADirectory() throws IOException {
    Path source = Files.createDirectory(temp.resolve("source"));
    Files.createDirectories(source.resolve("a/b"));
    Files.writeString(source.resolve("a/b/file"), "content");
    Files.createLink(source.resolve("a/hard"), source.resolve("a/b/file"));
    Files.createSymbolicLink(source.resolve("a/link"), Path.of("b/file"));
    Files.setAttribute(source.resolve("a/b/file"), "unix:mode", 0640);
    ByteArrayOutputStream layer = new ByteArrayOutputStream();
    try (LayerWriter writer = LayerWriter.toStream(layer, LayerOptions.defaults())) {
      writer.addAll(DirectoryLayerSource.entries(source, DirectoryLayerSource.Options.defaults()));
      writer.finish();
    }
    extract(layer.toByteArray());
    assertThat(Files.readString(target.resolve("a/b/file"))).isEqualTo("content");
    assertThat(Files.getAttribute(target.resolve("a/b/file"), "unix:mode")).isEqualTo(0100640);
    assertThat(Files.isSameFile(target.resolve("a/hard"), target.resolve("a/b/file"))).isTrue();
    assertThat(Files.readSymbolicLink(target.resolve("a/link"))).isEqualTo(Path.of("b/file"));
  }

  @Test
  void whiteoutsDeleteLowerContentAndOpaqueDirectoriesKeepOnlyThisLayer() throws IOException {
    extract(new TestTars()
        .dir("etc").file("etc/keep", "k").file("etc/gone", "g")
        .dir("var/cache").file("var/cache/old", "o").dir("var/cache/sub").file("var/cache/sub/old2", "o")
        .build());
    ExtractionResult result = extract(new TestTars()
        .file("etc/.wh.gone", "")
        .file("etc/.wh.never-existed", "")
        .dir("var/cache/sub")
        .file("var/cache/sub/new", "n")
        .file("var/cache/.wh..wh..opq", "")
        .file("var/cache/fresh", "f")
        .build());
    assertThat(result.whiteouts()).isEqualTo(3);
    assertThat(target.resolve("etc/keep")).exists();
    assertThat(target.resolve("etc/gone")).doesNotExist();
    assertThat(target.resolve("etc/.wh.gone")).doesNotExist();
    assertThat(target.resolve("var/cache/old")).doesNotExist();
    assertThat(target.resolve("var/cache/sub/old2")).doesNotExist();
    assertThat(target.resolve("var/cache/sub/new")).exists();
    assertThat(target.resolve("var/cache/fresh")).exists();
    assertThat(target.resolve("var/cache/.wh..wh..opq")).doesNotExist();
  }

  @Test
  void keepModeWritesWhiteoutsAsFiles() {
    extract(new TestTars().file("etc/.wh.gone", "").build(), ExtractOptions.defaults().withWhiteouts(WhiteoutMode.KEEP));
    assertThat(target.resolve("etc/.wh.gone")).exists();
  }

  @Test
  void overlayModeMakesCharacterDeviceWhiteouts() throws IOException {
    assumeTrue(canMknod(), "creating device nodes needs CAP_MKNOD");
    extract(new TestTars().file("etc/.wh.gone", "").build(),
        ExtractOptions.defaults().withWhiteouts(WhiteoutMode.OVERLAY));
    Path whiteout = target.resolve("etc/gone");
    assertThat(Files.getAttribute(whiteout, "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(020000);
    assertThat(Files.getAttribute(whiteout, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0L);
  }

  @Test
  void overlayModeMarksOpaqueDirectoriesWithTheTrustedXattr() throws IOException {
    assumeTrue(ExtractOptions.runningAsRoot() && XattrAccess.attrToolsIfInstalled().isPresent(),
        "trusted.* xattrs need root and getfattr/setfattr");
    XattrAccess attr = XattrAccess.attrTools();
    try {
      attr.set(target, Xattr.of("trusted.probe", "1"));
    } catch (RuntimeException e) {
      assumeTrue(false, "this file system refuses trusted.* xattrs: " + e.getMessage());
    }
    extract(new TestTars().dir("d").file("d/.wh..wh..opq", "").build(),
        ExtractOptions.defaults().withWhiteouts(WhiteoutMode.OVERLAY).withXattrs(attr));
    assertThat(attr.list(target.resolve("d"))).contains(Xattr.of("trusted.overlay.opaque", "y"));
  }

  @Test
  void refusesDotDotPaths() throws IOException {
    assertThatThrownBy(() -> extract(new TestTars().file("../outside/evil", "x").build()))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("refusing entry '../outside/evil' of test layer: its path contains '..'");
    assertThatThrownBy(() -> extract(new TestTars().file("a/../../outside/evil", "x").build()))
        .isInstanceOf(UnsafeLayerException.class);
    assertOutsideUntouched();
  }

  @Test
  void absolutePathsStayInsideTheTarget() throws IOException {
    extract(new TestTars().file("/outside/evil", "x").file("//etc///x", "y").build());
    assertThat(target.resolve("outside/evil")).exists();
    assertThat(target.resolve("etc/x")).exists();
    assertOutsideUntouched();
  }

  @Test
  void refusesWritingThroughASymlinkedParent() throws IOException {
    assertThatThrownBy(() -> extract(new TestTars()
            .symlink("a", outside.toString())
            .file("a/victim", "overwritten")
            .build()))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("its parent 'a' is a symlink (-> " + outside + ")");
    assertThatThrownBy(() -> extract(new TestTars()
            .symlink("etc", "/etc")
            .file("etc/passwd", "root::0:0::/:/bin/sh")
            .build()))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("'etc/passwd'");
    assertThatThrownBy(() -> extract(new TestTars()
            .symlink("rel", "../outside")
            .file("rel/new", "x")
            .build()))
        .isInstanceOf(UnsafeLayerException.class);
    assertOutsideUntouched();
  }

  @Test
  void canResolveSymlinkedParentsInsideTheTargetLikeAChrootedUntar() throws IOException {
    extract(new TestTars().dir("usr/lib").symlink("lib", "/usr/lib").symlink("up", "../../../..")
        .symlink("escape", outside.toString()).build());
    ExtractOptions follow = ExtractOptions.defaults().withFollowSymlinksInRoot(true);
    extract(new TestTars().file("lib/x", "via absolute link").file("up/y", "clamped at the root")
        .file("escape/victim", "stays inside").build(), follow);
    assertThat(Files.readString(target.resolve("usr/lib/x"))).isEqualTo("via absolute link");
    assertThat(Files.readString(target.resolve("y"))).isEqualTo("clamped at the root");
    assertThat(Files.readString(target.resolve(outside.toString().substring(1) + "/victim"))).isEqualTo("stays inside");
    assertOutsideUntouched();
    extract(new TestTars().symlink("loop", "loop").build());
    assertThatThrownBy(() -> extract(new TestTars().file("loop/z", "").build(), follow))
        .isInstanceOf(UnsafeLayerException.class).hasMessageContaining("more than 40 symlinks");
  }

  @Test
  void refusesWhiteoutsThroughASymlinkedParent() throws IOException {
    assertThatThrownBy(() -> extract(new TestTars()
            .symlink("a", outside.toString())
            .file("a/.wh.victim", "")
            .build()))
        .isInstanceOf(UnsafeLayerException.class);
    assertThatThrownBy(() -> extract(new TestTars()
            .symlink("b", outside.toString())
            .file("b/.wh..wh..opq", "")
            .build()))
        .isInstanceOf(UnsafeLayerException.class);
    assertThatThrownBy(() -> extract(new TestTars().file(".wh...", "").build()))
        .isInstanceOf(UnsafeLayerException.class).hasMessageContaining("whiteout of '..'");
    assertOutsideUntouched();
  }

  @Test
  void replacesAPlantedSymlinkInsteadOfWritingThroughIt() throws IOException {
    extract(new TestTars().symlink("planted", outside.resolve("victim").toString()).build());
    extract(new TestTars().file("planted", "replaced").build());
    assertThat(Files.isSymbolicLink(target.resolve("planted"))).isFalse();
    assertThat(Files.readString(target.resolve("planted"))).isEqualTo("replaced");
    assertOutsideUntouched();
  }

  @Test
  void symlinkTargetsMayPointAnywhereButAreNeverFollowed() throws IOException {
    extract(new TestTars().symlink("passwd", "/etc/passwd").symlink("up", "../../../../").build());
    assertThat(Files.readSymbolicLink(target.resolve("passwd"))).isEqualTo(Path.of("/etc/passwd"));
    assertThat(Files.readSymbolicLink(target.resolve("up"))).isEqualTo(Path.of("../../../../"));
  }

  @Test
  void refusesHostileHardlinks() throws IOException {
    assertThatThrownBy(() -> extract(new TestTars().hardlink("h", "../outside/victim").build()))
        .isInstanceOf(UnsafeLayerException.class).hasMessageContaining("outside the target");
    assertThatThrownBy(() -> extract(new TestTars().hardlink("h", "missing").build()))
        .isInstanceOf(UnsafeLayerException.class).hasMessageContaining("which does not exist");
    assertThatThrownBy(() -> extract(new TestTars().hardlink("h", "/etc/shadow").build()))
        .isInstanceOf(UnsafeLayerException.class).hasMessageContaining("which does not exist");
    assertThatThrownBy(() -> extract(new TestTars().symlink("s", outside.toString()).hardlink("h", "s/victim").build()))
        .isInstanceOf(UnsafeLayerException.class).hasMessageContaining("is a symlink");
    assertThatThrownBy(() -> extract(new TestTars().dir("d").hardlink("h", "d").build()))
        .isInstanceOf(UnsafeLayerException.class).hasMessageContaining("to the directory");
    assertOutsideUntouched();
  }

  @Test
  void refusesAFileWhereADirectoryIsExpected() {
    assertThatThrownBy(() -> extract(new TestTars().file("f", "x").file("f/child", "y").build()))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("its parent 'f' is not a directory");
  }

  @Test
  void aDirectoryEntryReplacesAFileOrSymlink() throws IOException {
    extract(new TestTars().file("x", "file").symlink("lib", "usr/lib").build());
    extract(new TestTars().dir("x").file("x/inside", "1").dir("lib").build());
    assertThat(target.resolve("x")).isDirectory();
    assertThat(Files.isSymbolicLink(target.resolve("lib"))).isFalse();
  }

  @Test
  void refusesAbsurdSizesBeforeWritingAnything() throws IOException {
    TarArchiveEntry huge = new TarArchiveEntry("huge");
    huge.setSize(1L << 40);
    byte[] header = new byte[512];
    huge.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding("UTF-8"), true);
    assertThatThrownBy(() -> extract(header))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("declares 1099511627776 bytes, more than the limit");
    assertThat(target.resolve("huge")).doesNotExist();
  }

  @Test
  void refusesTruncatedStreams() {
    byte[] tar = new TestTars().file("a", "x".repeat(2000)).file("b", "y").build();
    byte[] cut = Arrays.copyOf(tar, 1024);
    assertThatThrownBy(() -> extract(cut)).isInstanceOf(TarFormatException.class).hasMessageContaining("truncated");
    byte[] gz = TestTars.gzip(tar);
    byte[] cutGz = Arrays.copyOf(gz, gz.length - 10);
    assertThatThrownBy(() -> extract(cutGz)).isInstanceOf(RuntimeException.class);
  }

  @Test
  void refusesDecompressionBombs() {
    byte[] zeros = new byte[8 << 20];
    byte[] bomb = TestTars.gzip(new TestTars().file("zeros", new String(zeros, StandardCharsets.ISO_8859_1)).build());
    assertThat(bomb.length).isLessThan(64 << 10);
    ExtractionLimits small = new ExtractionLimits(1L << 30, 1 << 20, 1000, 0, 0);
    assertThatThrownBy(() -> extract(bomb, ExtractOptions.defaults().withLimits(small)))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("expands to more than 1048576 bytes");
    ExtractionLimits ratio = new ExtractionLimits(1L << 30, 1L << 30, 1000, 100, 1 << 20);
    assertThatThrownBy(() -> extract(bomb, ExtractOptions.defaults().withLimits(ratio)))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("beyond the 100:1 limit");
    ExtractionLimits fewEntries = new ExtractionLimits(1L << 30, 1L << 30, 1, 0, 0);
    assertThatThrownBy(() -> extract(new TestTars().file("a", "").file("b", "").build(),
        ExtractOptions.defaults().withLimits(fewEntries)))
        .hasMessageContaining("more than 1 entries");
  }

  @Test
  void refusesANulByteInAPaxPath() {
    // A hand-made PAX header: Commons Compress itself would never write a NUL into a path.
    byte[] record = TarWriter.paxRecord("path", "evil\0name".getBytes(StandardCharsets.UTF_8));
    TarArchiveEntry pax = new TarArchiveEntry("PaxHeaders/innocent",
        org.apache.commons.compress.archivers.tar.TarConstants.LF_PAX_EXTENDED_HEADER_LC);
    pax.setSize(record.length);
    TarArchiveEntry e = new TarArchiveEntry("innocent");
    assertThatThrownBy(() -> extract(new TestTars().entry(pax, record).entry(e, new byte[0]).build()))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("NUL");
  }

  @Test
  void aVerifyingStreamFailsTheExtractionOnCorruptContent() {
    byte[] layer = TestTars.gzip(new TestTars().file("a", "content").build());
    Digest wrong = Digest.sha256("something else");
    assertThatThrownBy(() -> LayerExtractor.extract(
            new VerifyingInputStream(new ByteArrayInputStream(layer), wrong, layer.length, "layer " + wrong),
            target, ExtractOptions.defaults(), "layer " + wrong))
        .isInstanceOf(DigestMismatchException.class);
  }

  @Test
  void userXattrsAreApplied() throws IOException {
    Path probe = Files.writeString(temp.resolve("probe"), "");
    try {
      XattrAccess.userNamespace().set(probe, Xattr.of("user.probe", "1"));
    } catch (RuntimeException e) {
      assumeTrue(false, "user xattrs unsupported here");
    }
    TarArchiveEntry e = new TarArchiveEntry("withattr");
    e.addPaxHeader("SCHILY.xattr.user.comment", "hello");
    e.addPaxHeader("SCHILY.xattr.security.capability", "binary");
    ExtractionResult result = extract(new TestTars().entry(e, new byte[0]).build());
    assertThat(XattrAccess.userNamespace().list(target.resolve("withattr")))
        .containsExactly(Xattr.of("user.comment", "hello"));
    assertThat(result.skipped()).singleElement().asString().contains("security.capability not set");
  }

  static boolean canMknod() {
    return canMknod(EntryType.CHAR_DEVICE, 0, 0);
  }

  /** Only a guard against a hang (the JDK opening a FIFO blocks forever); nothing here asserts a duration. */
  static final Duration HANG_GUARD = Duration.ofSeconds(30);

  /** Major 240 is reserved for local use: no driver, so opening such a node fails with ENXIO. */
  static final int UNUSED_MAJOR = 240;

  /** Whether this process may make a device node of {@code type} with {@link #UNUSED_MAJOR}. */
  static boolean canMknod(EntryType type) {
    return canMknod(type, UNUSED_MAJOR, 1);
  }

  /** Makes and removes one node in a temporary directory, which is removed too (a failed probe left it behind). */
  private static boolean canMknod(EntryType type, int major, int minor) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("mknod");
      Path probe = dir.resolve("dev");
      SpecialFiles.mknod(probe, type, 0, major, minor);
      Files.delete(probe);
      return true;
    } catch (RuntimeException | IOException e) {
      return false;
    } finally {
      if (dir != null) {
        try {
          Files.deleteIfExists(dir.resolve("dev"));
          Files.deleteIfExists(dir);
        } catch (IOException ignored) {
          // a probe's leftover in the temp directory
        }
      }
    }
  }

  private static TarArchiveEntry special(String name, byte type, int mode, int uid, int gid) {
    TarArchiveEntry e = new TarArchiveEntry(name, type);
    e.setMode(mode);
    e.setIds(uid, gid);
    return e;
  }

  @Test
  void fifosGetTheirModeAndTimesWithoutBeingOpened() throws IOException {
    TarArchiveEntry fifo = special("run/pipe", TarConstants.LF_FIFO, 02620, 0, 0);
    fifo.addPaxHeader("SCHILY.xattr.user.note", "x");
    byte[] layer = new TestTars().dir("run").entry(fifo, null).build();

    ExtractionResult result = assertTimeoutPreemptively(HANG_GUARD,
        () -> extract(layer, ExtractOptions.defaults().withOwnership(false)));

    Path pipe = target.resolve("run/pipe");
    assertThat(Files.getAttribute(pipe, "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(012620);
    assertThat(Files.getLastModifiedTime(pipe, LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(FileTime.fromMillis(1_000_000_000_000L));
    assertThat(result.skipped()).singleElement().asString()
        .startsWith("run/pipe: extended attribute user.note not set");
  }

  @Test
  void deviceNodesAndFifosGetModeOwnerAndTimesWithoutBeingOpened() throws IOException {
    assumeTrue(ExtractOptions.runningAsRoot() && canMknod(EntryType.CHAR_DEVICE) && canMknod(EntryType.BLOCK_DEVICE),
        "device nodes and ownership need root");
    // Opening these nodes would fail (no driver), so a chmod, chown or utimes through a descriptor fails the test.
    TarArchiveEntry chr = special("dev/chr", TarConstants.LF_CHR, 0620, 1000, 1001);
    chr.setDevMajor(UNUSED_MAJOR);
    chr.setDevMinor(7);
    TarArchiveEntry blk = special("dev/blk", TarConstants.LF_BLK, 04660, 0, 6);
    blk.setDevMajor(UNUSED_MAJOR);
    blk.setDevMinor(300); // above 255: the minor's high bits sit above the major's in dev_t
    TarArchiveEntry fifo = special("dev/pipe", TarConstants.LF_FIFO, 0600, 1002, 1003);
    byte[] layer = TestTars.gzip(new TestTars().dir("dev").entry(chr, null).entry(blk, null).entry(fifo, null)
        .build());

    ExtractionResult result = assertTimeoutPreemptively(HANG_GUARD, () -> extract(layer));

    assertThat(result.skipped()).isEmpty();
    assertSpecial(target.resolve("dev/chr"), 020620, 1000, 1001, ((long) UNUSED_MAJOR << 8) | 7);
    assertSpecial(target.resolve("dev/blk"), 064660, 0, 6, ((long) UNUSED_MAJOR << 8) | (300 & 0xff)
        | ((300L & ~0xff) << 12));
    assertSpecial(target.resolve("dev/pipe"), 010600, 1002, 1003, 0);
  }

  private static void assertSpecial(Path path, int mode, int uid, int gid, long rdev) throws IOException {
    assertThat(Files.readAttributes(path, "unix:mode,uid,gid,rdev,lastModifiedTime", LinkOption.NOFOLLOW_LINKS))
        .as(path.toString())
        .containsEntry("mode", mode)
        .containsEntry("uid", uid)
        .containsEntry("gid", gid)
        .containsEntry("rdev", rdev)
        .containsEntry("lastModifiedTime", FileTime.fromMillis(1_000_000_000_000L));
  }

  @Test
  void devicesAreSkippedWithoutPrivilegeAndRecorded() {
    TarArchiveEntry dev = new TarArchiveEntry("dev/null", TarConstants.LF_CHR);
    dev.setDevMajor(1);
    dev.setDevMinor(3);
    ExtractionResult result = extract(new TestTars().entry(dev, null).build(),
        ExtractOptions.defaults().withDevices(false));
    assertThat(target.resolve("dev/null")).doesNotExist();
    assertThat(result.skipped()).containsExactly("dev/null: device node not created (needs root)");
  }

  @Test
  void observerSeesWhatIsApplied() {
    StringBuilder seen = new StringBuilder();
    extract(new TestTars().file("a", "alpha").build(), ExtractOptions.defaults().withObserver(new ContentObserver() {
      @Override
      public void startEntry(TarHeader header) {
        seen.append(header.path()).append('=');
      }

      @Override
      public void content(byte[] buffer, int offset, int length) {
        seen.append(new String(buffer, offset, length, StandardCharsets.UTF_8));
      }
    }));
    assertThat(seen).hasToString("a=alpha");
  }
}
