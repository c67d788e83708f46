package dev.stowage.oci.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.oci.OciException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system-call access against getfattr/setfattr on real files. Needs root (trusted.* and security.*), the attr
 * tools (the reference) and Java 22 or later (the system calls); each test says which it lacks.
 */
class ForeignXattrsTest {
  /** cap_net_raw+ep as the kernel stores it (VFS_CAP_REVISION_2): binary, bytes above 0x7f included. */
  private static final byte[] CAPABILITY = HexFormat.of().parseHex("0100000200200000000000000000000000000000");
  /** A POSIX access ACL (user::rw-, user:1:r--, group::r--, mask::r--, other::r--) as the kernel stores it. */
  private static final byte[] ACL = HexFormat.of().parseHex(
      "0200000001000600ffffffff020004000100000004000400ffffffff10000400ffffffff20000400ffffffff");

  @TempDir Path temp;
  private XattrAccess foreign;
  private XattrAccess tools;

  @BeforeEach
  void requireRootToolsAndSystemCalls() {
    assumeTrue(ExtractOptions.runningAsRoot(), "trusted.* and security.* xattrs need root");
    assumeTrue(AttrToolXattrs.installed(), "the reference needs getfattr/setfattr (apt-get install attr)");
    assumeTrue(Runtime.version().feature() >= 22, "the system calls need Java 22 or later");
    foreign = SystemXattrs.foreign().orElseThrow();
    tools = XattrAccess.attrTools();
  }

  @Test
  void systemAccessIsTheSystemCallsOnThisJdk() {
    assertThat(XattrAccess.system().getClass().getName()).isEqualTo(SystemXattrs.FOREIGN_CLASS);
    assertThat(XattrAccess.systemIfAvailable()).containsSame(XattrAccess.system());
  }

  @Test
  void listsATreeExactlyAsGetfattrDoes() throws IOException {
    Path root = Files.createDirectory(temp.resolve("root"));
    Path opaque = Files.createDirectories(root.resolve("etc/opaque"));
    tools.set(opaque, Xattr.of("trusted.overlay.opaque", "y"));
    Path ping = Files.writeString(root.resolve("ping"), "binary");
    tools.set(ping, new Xattr("security.capability", CAPABILITY));
    tools.set(ping, Xattr.of("user.comment", "a value"));
    Path many = Files.writeString(root.resolve("with space and\nnewline"), "");
    // More names than the first listing buffer holds, one value longer than the first value buffer, one empty; all
    // within ext4's one block per inode.
    for (int i = 0; i < 12; i++) {
      tools.set(many, Xattr.of("user.attribute-with-a-long-name-" + i, "v" + i));
    }
    byte[] large = new byte[1000];
    Arrays.fill(large, (byte) 0xA5);
    tools.set(many, new Xattr("trusted.large", large));
    tools.set(many, new Xattr("user.empty", new byte[0]));
    Path acl = Files.writeString(root.resolve("acl"), "");
    tools.set(acl, new Xattr("system.posix_acl_access", ACL));
    Path link = Files.createSymbolicLink(root.resolve("etc/link"), Path.of("../ping"));
    tools.set(link, Xattr.of("trusted.on-the-link", "1"));
    Path plain = Files.writeString(root.resolve("plain"), "no attributes");
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted().toList();
    }

    Map<Path, List<Xattr>> expected = tools.listTree(root, paths);
    Map<Path, List<Xattr>> actual = foreign.listTree(root, paths);

    assertThat(actual).containsExactlyEntriesOf(expected);
    assertThat(actual.keySet()).containsExactly(acl, link, opaque, ping, many)
        .doesNotContain(plain, root);
    assertThat(actual.get(link)).containsExactly(Xattr.of("trusted.on-the-link", "1"));
    assertThat(actual.get(ping)).containsExactly(new Xattr("security.capability", CAPABILITY),
        Xattr.of("user.comment", "a value"));
    assertThat(actual.get(many)).hasSize(14).contains(new Xattr("trusted.large", large),
        new Xattr("user.empty", new byte[0]));
    assertThat(actual.get(many)).isSorted();
  }

  @Test
  void listsOneFileAsGetfattrDoesWithoutFollowingASymlink() throws IOException {
    Path file = Files.writeString(temp.resolve("file"), "x");
    tools.set(file, Xattr.of("user.b", "2"));
    tools.set(file, Xattr.of("trusted.a", "1"));
    Path link = Files.createSymbolicLink(temp.resolve("link"), file);

    assertThat(foreign.list(file)).isEqualTo(tools.list(file))
        .containsExactly(Xattr.of("trusted.a", "1"), Xattr.of("user.b", "2"));
    assertThat(foreign.list(link)).isEqualTo(tools.list(link)).isEmpty();
  }

  @Test
  void setsEveryNameSpaceOnTheFileItselfNeverThroughASymlink() throws IOException {
    Path file = Files.writeString(temp.resolve("file"), "x");
    Path link = Files.createSymbolicLink(temp.resolve("link"), file);
    Path fifo = temp.resolve("fifo");
    new ProcessBuilder("mkfifo", fifo.toString()).start().onExit().join();

    foreign.set(file, new Xattr("security.capability", CAPABILITY));
    foreign.set(file, new Xattr("user.binary", new byte[] {0, (byte) 0xff, 0}));
    foreign.set(link, Xattr.of("trusted.overlay.opaque", "y"));
    foreign.set(fifo, Xattr.of("trusted.x", "")); // never opened: a FIFO would block an open

    assertThat(tools.list(file)).containsExactly(new Xattr("security.capability", CAPABILITY),
        new Xattr("user.binary", new byte[] {0, (byte) 0xff, 0}));
    assertThat(tools.list(link)).containsExactly(Xattr.of("trusted.overlay.opaque", "y"));
    assertThat(tools.list(fifo)).containsExactly(Xattr.of("trusted.x", ""));
  }

  @Test
  void failuresNameTheFileTheAttributeAndTheErrno() throws IOException {
    Path link = Files.createSymbolicLink(temp.resolve("link"), Path.of("nowhere"));
    Path missing = temp.resolve("missing");

    assertThatThrownBy(() -> foreign.set(link, Xattr.of("user.x", "1")))
        .isInstanceOf(OciException.class)
        .hasMessage("setting extended attribute user.x on " + link + " failed: operation not permitted "
            + "(Linux allows user.* attributes only on regular files and directories) (EPERM)");
    assertThatThrownBy(() -> foreign.list(missing))
        .isInstanceOf(OciException.class)
        .hasMessage("listing the extended attributes of " + missing + " failed: no such file or directory "
            + "(ENOENT)");
    assertThatThrownBy(() -> foreign.set(missing, Xattr.of("trusted.x", "1")))
        .hasMessageEndingWith("no such file or directory (ENOENT)");
  }

  @Test
  void aFileThatVanishedSinceTheWalkHasNoAttributes() throws IOException {
    Path file = Files.writeString(temp.resolve("file"), "x");
    tools.set(file, Xattr.of("user.a", "1"));

    Map<Path, List<Xattr>> tree = foreign.listTree(temp, List.of(temp.resolve("gone"), file));

    assertThat(tree).containsOnlyKeys(file);
  }

  @Test
  void valuesAreBytesNotText() throws IOException {
    Path file = Files.writeString(temp.resolve("file"), "x");
    byte[] notUtf8 = {(byte) 0xc3, (byte) 0x28, 0, (byte) 0x80};
    foreign.set(file, new Xattr("user.raw", notUtf8));

    assertThat(foreign.list(file)).containsExactly(new Xattr("user.raw", notUtf8));
    assertThat(tools.list(file)).containsExactly(new Xattr("user.raw", notUtf8));
  }
}
