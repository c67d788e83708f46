package dev.stowage.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.oci.archive.ExtractOptions;
import dev.stowage.oci.archive.Xattr;
import dev.stowage.oci.archive.XattrAccess;
import dev.stowage.oci.fs.Lstat;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system call numbers {@link ForeignSyscalls} uses: each proved on this machine by a real call whose result only
 * the right call gives (a neighbour such as getxattr for lgetxattr would follow the symlink), and both tables
 * compared with the kernel headers where they are installed. mount and umount2 are proved in the runtime module
 * (ForeignMountsTest), which has the mount table. Needs Java 22 (the class is compiled for it).
 */
class ForeignSyscallsTest {
  @TempDir Path temp;

  @BeforeEach
  void requireJava22() {
    assumeTrue(Runtime.version().feature() >= 22, "the foreign function API needs Java 22");
  }

  @Test
  void statxReturnsTheFilesOwnStatusNotTheSymlinkTarget() throws IOException {
    Path file = Files.write(temp.resolve("file"), new byte[12345]);
    Path link = Files.createSymbolicLink(temp.resolve("link"), file);
    Lstat statx = Lstat.system().orElseThrow();

    assertThat(statx.lstat(file).size()).isEqualTo(12345);
    assertThat(statx.lstat(file).mode() & 0170000).isEqualTo(0100000);
    assertThat(statx.lstat(link).mode() & 0170000).isEqualTo(0120000);
    assertThat(statx.lstat(link).size()).isEqualTo(file.toString().length());
  }

  @Test
  void lsetxattrSetsOnTheFileItselfAndNotThroughASymlink() throws IOException {
    Path file = Files.writeString(temp.resolve("file"), "x");
    Path link = Files.createSymbolicLink(temp.resolve("link"), file);
    XattrAccess xattrs = foreignXattrs();

    xattrs.set(file, Xattr.of("user.set", "by lsetxattr"));

    assertThat(jdkRead(file, "set")).isEqualTo("by lsetxattr");
    // setxattr would follow the link and succeed; on the link itself Linux refuses user.* attributes.
    assertThatThrownBy(() -> xattrs.set(link, Xattr.of("user.through", "1")))
        .isInstanceOf(OciException.class).hasMessageEndingWith("(EPERM)");
    assertThat(view(file).list()).containsExactly("set");
  }

  @Test
  void llistxattrAndLgetxattrReadTheFileItselfAndNotThroughASymlink() throws IOException {
    Path file = Files.writeString(temp.resolve("file"), "x");
    Path link = Files.createSymbolicLink(temp.resolve("link"), file);
    view(file).write("listed", StandardCharsets.UTF_8.encode("by the JDK"));
    XattrAccess xattrs = foreignXattrs();

    assertThat(xattrs.list(file)).containsExactly(Xattr.of("user.listed", "by the JDK"));
    assertThat(xattrs.list(link)).isEmpty(); // llistxattr: listxattr would follow the link
  }

  @Test
  void lgetxattrReadsTheSymlinksOwnValue() throws IOException {
    assumeTrue(ExtractOptions.runningAsRoot(), "trusted.* attributes on a symlink need root");
    Path file = Files.writeString(temp.resolve("file"), "x");
    Path link = Files.createSymbolicLink(temp.resolve("link"), file);
    XattrAccess xattrs = foreignXattrs();
    xattrs.set(file, Xattr.of("trusted.where", "file"));
    xattrs.set(link, Xattr.of("trusted.where", "link"));

    // getxattr would follow the link and read "file".
    assertThat(xattrs.list(link)).containsExactly(Xattr.of("trusted.where", "link"));
    assertThat(xattrs.list(file)).containsExactly(Xattr.of("trusted.where", "file"));
  }

  @Test
  void theX8664NumbersAreTheKernelHeaders() throws Exception {
    Path header = firstExisting(Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h"),
        Path.of("/usr/include/asm/unistd_64.h"));
    assertNumbersMatch("X86_64", header);
  }

  @Test
  void theAarch64NumbersAreTheGenericKernelHeader() throws Exception {
    assertNumbersMatch("AARCH64", firstExisting(Path.of("/usr/include/asm-generic/unistd.h")));
  }

  @Test
  void elsewhereNothingIsLinked() throws Exception {
    Method forArch = numbers().getDeclaredMethod("forArch", String.class, String.class);

    assertThat(forArch.invoke(null, "Linux", "amd64")).isEqualTo(numbers().getDeclaredField("X86_64").get(null));
    assertThatThrownBy(() -> forArch.invoke(null, "Linux", "riscv64")).cause()
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("system call numbers are known for Linux on x86-64 and aarch64 only, not Linux on riscv64");
    assertThatThrownBy(() -> forArch.invoke(null, "Mac OS X", "aarch64")).cause()
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** Each component of the named table (its name is the call's) against {@code #define __NR_<name> <number>}. */
  private static void assertNumbersMatch(String table, Path header) throws Exception {
    Map<String, Long> defined = new HashMap<>();
    Matcher m = Pattern.compile("(?m)^#define __NR_(\\w+)\\s+(\\d+)\\s*$").matcher(Files.readString(header));
    while (m.find()) {
      defined.put(m.group(1), Long.parseLong(m.group(2)));
    }
    Object numbers = numbers().getDeclaredField(table).get(null);
    RecordComponent[] calls = numbers().getRecordComponents();
    assertThat(calls).hasSize(6);
    for (RecordComponent call : calls) {
      assertThat(call.getAccessor().invoke(numbers)).as("%s in %s", call.getName(), header)
          .isEqualTo(defined.get(call.getName()));
    }
  }

  /** The table record, by name: this test is compiled for Java 21 and cannot name a Java 22 class. */
  private static Class<?> numbers() throws ClassNotFoundException {
    return Class.forName("dev.stowage.oci.ForeignSyscalls$Numbers");
  }

  private static Path firstExisting(Path... candidates) {
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    assumeTrue(false, "the kernel headers are not installed (linux-libc-dev)");
    throw new AssertionError("unreachable");
  }

  private static XattrAccess foreignXattrs() {
    XattrAccess system = XattrAccess.system();
    assertThat(system.getClass().getName()).isEqualTo("dev.stowage.oci.archive.ForeignXattrs");
    return system;
  }

  private static UserDefinedFileAttributeView view(Path file) {
    return Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
  }

  private static String jdkRead(Path file, String name) throws IOException {
    ByteBuffer value = ByteBuffer.allocate(view(file).size(name));
    view(file).read(name, value);
    return new String(value.array(), StandardCharsets.UTF_8);
  }
}
