package dev.stowage.engine.copy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Resolves {@code user[:group]} against the {@code /etc/passwd} and {@code /etc/group} of a root filesystem, read
 * through {@link ScopedPaths} so a symlinked {@code /etc} cannot point at the host's files. Numbers need no files;
 * the files are read once, when a name first needs them. Two flavours, as in BuildKit:
 *
 * <ul>
 *   <li>{@link #chownOwner}: {@code COPY/ADD --chown} (llb {@code WithUser} plus the file backend's {@code readUser}):
 *       a number without a group uses itself as the gid, a name without a group its passwd gid;
 *   <li>{@link #execUser}: {@code USER} for RUN (runc's {@code GetExecUser} behind BuildKit's numeric fast path): a
 *       user without a group gets its passwd primary group and the supplementary groups that list it.
 * </ul>
 *
 * Unlike BuildKit, which quietly uses root for a {@code --chown} name it cannot find, an unknown name is an error.
 */
public final class UserResolver {
  static final String PASSWD = "/etc/passwd";
  static final String GROUP = "/etc/group";
  /** Larger files are refused: a user database is small, a hostile image may not be. */
  private static final long MAX_FILE = 16L << 20;

  private final Path root;
  private List<PasswdEntry> passwd;
  private List<GroupEntry> groups;
  private boolean passwdMissing;
  private boolean groupMissing;

  record PasswdEntry(String name, int uid, int gid, String home) {}

  record GroupEntry(String name, int gid, List<String> members) {}

  private UserResolver(Path root) {
    this.root = root;
  }

  /** A resolver over the filesystem rooted at {@code root} (a stage's or the destination's root directory). */
  public static UserResolver forRoot(Path root) {
    return new UserResolver(root);
  }

  /**
   * The owner for {@code --chown=<spec>}: {@code 1000}, {@code 1000:1000}, {@code app}, {@code app:staff},
   * {@code 0:app}. {@code root} is 0 without a lookup; an empty spec or user part means root.
   *
   * @throws CopyException naming an unknown user or group and the file searched
   */
  public Owner chownOwner(String spec) {
    int colon = spec.indexOf(':');
    String user = colon < 0 ? spec : spec.substring(0, colon);
    String group = colon < 0 ? "" : spec.substring(colon + 1);
    int uid;
    int gid;
    Optional<Integer> numericUser = chownId(user, spec);
    if (user.isEmpty()) {
      uid = 0;
      gid = 0;
    } else if (numericUser.isPresent()) {
      uid = numericUser.get();
      gid = uid;
    } else {
      PasswdEntry entry = passwd().stream().filter(p -> p.name.equals(user)).findFirst()
          .orElseThrow(() -> unknownUser(user));
      uid = entry.uid;
      gid = entry.gid;
    }
    if (!group.isEmpty()) {
      Optional<Integer> numericGroup = chownId(group, spec);
      if (numericGroup.isPresent()) {
        gid = numericGroup.get();
      } else {
        gid = groups().stream().filter(g -> g.name.equals(group)).findFirst()
            .orElseThrow(() -> unknownGroup(group)).gid;
      }
    }
    return new Owner(uid, gid);
  }

  /**
   * The process user for {@code USER <spec>}: uid, primary gid and supplementary gids. {@code uid:gid} in numbers
   * (or {@code root}) is taken as is, without supplementary groups, as BuildKit does; anything else goes through
   * the files as runc's {@code GetExecUser} does. An empty spec is root.
   *
   * @throws CopyException naming an unknown user or group and the file searched, or an id out of range
   */
  public ResolvedUser execUser(String spec) {
    if (spec.isEmpty()) {
      return ResolvedUser.ROOT;
    }
    String[] parts = spec.split(":", -1);
    if (parts.length >= 2) {
      Integer fastUid = rootOrNumber(parts[0]);
      Integer fastGid = rootOrNumber(spec.substring(parts[0].length() + 1));
      if (fastUid != null && fastGid != null) {
        return new ResolvedUser(fastUid, fastGid, List.of());
      }
    }
    String userArg = parts[0];
    String groupArg = parts.length > 1 ? parts[1] : "";
    Long uidArg = number(userArg);
    Long gidArg = number(groupArg);

    int uid = 0;
    int gid = 0;
    String matchedName = "";
    Optional<PasswdEntry> match = passwd().stream()
        .filter(p -> userArg.isEmpty() ? p.uid == 0 : uidArg != null ? p.uid == uidArg : p.name.equals(userArg))
        .findFirst();
    if (match.isPresent()) {
      matchedName = match.get().name;
      uid = match.get().uid;
      gid = match.get().gid;
    } else if (!userArg.isEmpty()) {
      if (uidArg == null) {
        throw unknownUser(userArg);
      }
      uid = checkRange(uidArg);
    }

    List<Integer> supplementary = List.of();
    if (!groupArg.isEmpty() || !matchedName.isEmpty()) {
      String member = matchedName;
      List<GroupEntry> matching = groups().stream().filter(g -> groupArg.isEmpty()
          ? g.members.contains(member)
          : gidArg != null ? g.gid == gidArg : g.name.equals(groupArg)).toList();
      if (!groupArg.isEmpty()) {
        if (!matching.isEmpty()) {
          gid = matching.get(0).gid;
        } else if (gidArg == null) {
          throw unknownGroup(groupArg);
        } else {
          gid = checkRange(gidArg);
        }
      } else {
        supplementary = matching.stream().map(GroupEntry::gid).toList();
      }
    }
    return new ResolvedUser(uid, gid, supplementary);
  }

  // ---------------------------------------------------------------- parsing

  private static Optional<Integer> chownId(String text, String spec) {
    if (text.equals("root")) {
      return Optional.of(0);
    }
    Long n = number(text);
    if (n == null) {
      return Optional.empty();
    }
    if (n > Integer.MAX_VALUE) {
      throw new CopyException("invalid --chown=" + spec + ": " + text
          + " is out of range (uids and gids must be in range 0-2147483647)");
    }
    return Optional.of(n.intValue());
  }

  private static Integer rootOrNumber(String text) {
    if (text.equals("root")) {
      return 0;
    }
    Long n = number(text);
    return n == null || n > Integer.MAX_VALUE ? null : n.intValue();
  }

  /** A decimal number (digits only), or null; values beyond a long are clamped so range checks reject them. */
  private static Long number(String text) {
    if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    return text.length() > 18 ? Long.MAX_VALUE : Long.parseLong(text);
  }

  private static int checkRange(long id) {
    if (id > Integer.MAX_VALUE) {
      throw new CopyException("uids and gids must be in range 0-2147483647, got " + id);
    }
    return (int) id;
  }

  private CopyException unknownUser(String name) {
    return new CopyException("unable to find user " + name + ": no matching entries in passwd file"
        + (passwdMissing ? " (" + PASSWD + " does not exist in the image)" : " " + PASSWD));
  }

  private CopyException unknownGroup(String name) {
    return new CopyException("unable to find group " + name + ": no matching entries in group file"
        + (groupMissing ? " (" + GROUP + " does not exist in the image)" : " " + GROUP));
  }

  private List<PasswdEntry> passwd() {
    if (passwd == null) {
      List<String[]> lines = read(PASSWD);
      passwdMissing = lines == null;
      List<PasswdEntry> entries = new ArrayList<>();
      for (String[] f : lines == null ? List.<String[]>of() : lines) {
        entries.add(new PasswdEntry(field(f, 0), intField(f, 2), intField(f, 3), field(f, 5)));
      }
      passwd = List.copyOf(entries);
    }
    return passwd;
  }

  private List<GroupEntry> groups() {
    if (groups == null) {
      List<String[]> lines = read(GROUP);
      groupMissing = lines == null;
      List<GroupEntry> entries = new ArrayList<>();
      for (String[] f : lines == null ? List.<String[]>of() : lines) {
        String list = field(f, 3);
        List<String> members = list.isEmpty() ? List.of() : Arrays.asList(list.split(",", -1));
        entries.add(new GroupEntry(field(f, 0), intField(f, 2), List.copyOf(members)));
      }
      groups = List.copyOf(entries);
    }
    return groups;
  }

  /** The colon-separated fields of each non-empty line, as runc reads them; null when the file does not exist. */
  private List<String[]> read(String file) {
    Path path = ScopedPaths.resolve(root, file);
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        throw new CopyException("reading " + file + " of the image: it is not a regular file");
      }
      return null;
    }
    List<String[]> lines = new ArrayList<>();
    try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      long total = 0;
      String line;
      while ((line = reader.readLine()) != null) {
        total += line.length() + 1;
        if (total > MAX_FILE) {
          throw new CopyException("reading " + file + " of the image: larger than " + MAX_FILE + " bytes");
        }
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        lines.add(trimmed.split(":", -1));
      }
    } catch (IOException e) {
      throw new CopyException("reading " + file + " of the image: " + e.getMessage(), e);
    }
    return lines;
  }

  private static String field(String[] fields, int i) {
    return i < fields.length ? fields[i] : "";
  }

  /** runc ignores a malformed number (it becomes 0); so do we, to resolve the same ids. */
  private static int intField(String[] fields, int i) {
    Long n = number(field(fields, i));
    return n == null || n > Integer.MAX_VALUE ? 0 : n.intValue();
  }
}
