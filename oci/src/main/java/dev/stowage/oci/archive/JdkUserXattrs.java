package dev.stowage.oci.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code user.*} attributes through the JDK. Linux allows them only on regular files and directories, and the JDK
 * opens the file to reach them, which would block on a FIFO or open a device: every other type has none and is
 * never opened.
 */
final class JdkUserXattrs implements XattrAccess {
  static final JdkUserXattrs INSTANCE = new JdkUserXattrs();
  private static final String USER = "user.";

  private JdkUserXattrs() {}

  @Override
  public List<Xattr> list(Path path) {
    if (!holdsUserXattrs(path)) {
      return List.of();
    }
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(path, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return List.of();
    }
    try {
      List<Xattr> result = new ArrayList<>();
      for (String name : view.list()) {
        ByteBuffer buffer = ByteBuffer.allocate(view.size(name));
        view.read(name, buffer);
        buffer.flip();
        byte[] value = new byte[buffer.remaining()];
        buffer.get(value);
        result.add(new Xattr(USER + name, value));
      }
      result.sort(null);
      return result;
    } catch (FileSystemException e) {
      // The file system does not support user xattrs (e.g. "Operation not supported"): there are none.
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("reading extended attributes of " + path + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code path} is a regular file or a directory, without following a symlink or opening it. */
  private static boolean holdsUserXattrs(Path path) {
    try {
      BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attrs.isRegularFile() || attrs.isDirectory();
    } catch (IOException e) {
      return true; // missing or unreadable: the attribute call itself reports it, as for any file
    }
  }

  @Override
  public boolean canWrite(String name) {
    return name.startsWith(USER) && name.length() > USER.length();
  }

  @Override
  public void set(Path path, Xattr xattr) {
    if (!canWrite(xattr.name())) {
      throw new UnsupportedOperationException("the JDK can only set user.* extended attributes, not "
          + xattr.name() + "; install the attr package (getfattr/setfattr) for other name spaces");
    }
    if (!holdsUserXattrs(path)) {
      throw new UnsupportedOperationException("Linux allows user.* extended attributes only on regular files and "
          + "directories, not on " + path);
    }
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(path, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    try {
      view.write(xattr.name().substring(USER.length()), ByteBuffer.wrap(xattr.value()));
    } catch (IOException e) {
      throw new UncheckedIOException("setting " + xattr.name() + " on " + path + ": " + e.getMessage(), e);
    }
  }
}
