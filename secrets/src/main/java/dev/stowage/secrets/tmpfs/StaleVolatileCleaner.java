package dev.stowage.secrets.tmpfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Removes what a killed earlier run left behind: {@link VolatileDir}s and private tmpfs mounts. Ours are
 * recognised by their name prefix, which also carries the pid and start time of the process that made them;
 * one is removed only if it belongs to our uid and that process is gone. A mount is unmounted first. Runs
 * at the start of a build; best effort, it reports what it could not do.
 */
public final class StaleVolatileCleaner {
  private final TmpfsMounts mounts;

  public StaleVolatileCleaner(TmpfsMounts mounts) {
    this.mounts = mounts;
  }

  /** What one cleaning pass did. */
  public record Report(List<Path> removed, List<String> problems) {
    public Report {
      removed = List.copyOf(removed);
      problems = List.copyOf(problems);
    }
  }

  /** Looks in each of {@code parents} (missing ones are skipped). */
  public Report clean(Collection<Path> parents) {
    List<Path> removed = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int uid = VolatileFiles.currentUid();
    for (Path parent : parents) {
      if (!Files.isDirectory(parent)) {
        continue;
      }
      try (DirectoryStream<Path> entries =
          Files.newDirectoryStream(parent, VolatileNames::hasOurPrefix)) {
        for (Path entry : entries) {
          try {
            if (isStale(entry, uid)) {
              remove(entry);
              removed.add(entry);
            }
          } catch (IOException | VolatileStorageException e) {
            problems.add("cannot remove stale " + entry + ": " + e.getMessage());
          }
        }
      } catch (IOException e) {
        problems.add("cannot list " + parent + ": " + e.getMessage());
      }
    }
    return new Report(removed, problems);
  }

  private static boolean isStale(Path entry, int uid) throws IOException {
    if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    String name = entry.getFileName().toString();
    String rest =
        name.startsWith(VolatileNames.DIR_PREFIX)
            ? name.substring(VolatileNames.DIR_PREFIX.length())
            : name.substring(VolatileNames.MOUNT_PREFIX.length());
    Optional<OwnerTag> tag = OwnerTag.parse(rest);
    return tag.isPresent() && VolatileFiles.uidOf(entry) == uid && !tag.get().isAlive();
  }

  private void remove(Path entry) {
    if (VolatileFiles.isMountPoint(entry)) {
      VolatileRoot.unmount(mounts, entry);
    }
    VolatileFiles.wipeTree(entry);
  }
}
