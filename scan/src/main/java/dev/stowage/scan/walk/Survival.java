package dev.stowage.scan.walk;

import dev.stowage.scan.Finding;
import dev.stowage.scan.Location;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides, while layers are read bottom to top, whether each file finding is still in the final image: a later
 * whiteout of the file or of a parent directory, an opaque marker on a parent, or a later entry at the same path
 * (unless that entry holds the same secret) hides it. Only the paths of findings are remembered.
 */
final class Survival {
  private final List<Finding> findings = new ArrayList<>();
  private final List<Boolean> deleted = new ArrayList<>();
  private final TreeMap<String, List<Tracked>> byPath = new TreeMap<>();
  private long dropped;

  private record Tracked(int finding, int layer, String fingerprint) {}

  /** A whiteout in {@code layer} deletes {@code path} and everything under it in the layers below. */
  void whiteout(int layer, String path) {
    hide(layer, byPath.subMap(path, true, path, true).values());
    hide(layer, below(path).values());
  }

  /** An opaque marker in {@code layer} hides everything below {@code directory} in the layers below. */
  void opaque(int layer, String directory) {
    hide(layer, directory.isEmpty() ? byPath.values() : below(directory).values());
  }

  /**
   * An entry of {@code layer} at {@code path}: it replaces what lower layers had there (a directory merges with a
   * directory, anything else replaces), and the lower findings at the path survive only if this entry holds the
   * same secret ({@code fingerprints}).
   */
  void entry(int layer, String path, boolean directory, Set<String> fingerprints) {
    List<Tracked> same = byPath.get(path);
    if (same != null && !directory) {
      for (Tracked t : same) {
        if (t.layer() < layer && !fingerprints.contains(t.fingerprint())) {
          deleted.set(t.finding(), true);
        }
      }
    }
    if (!directory) {
      hide(layer, below(path).values()); // a file or link in place of a directory hides its content
    }
  }

  /** Records a finding of a file location; past {@link ImageScanner#MAX_FINDINGS} they are only counted. */
  void add(Finding finding) {
    if (findings.size() >= ImageScanner.MAX_FINDINGS) {
      dropped++;
      return;
    }
    Location.File file = (Location.File) finding.location();
    int index = findings.size();
    findings.add(finding);
    deleted.add(false);
    byPath.computeIfAbsent(file.path(), p -> new ArrayList<>())
        .add(new Tracked(index, file.layer(), finding.evidence().fingerprint()));
  }

  /** File findings not kept because there were too many. */
  long dropped() {
    return dropped;
  }

  /** The findings, each with its final {@code deleted} state. */
  List<Finding> resolved() {
    List<Finding> out = new ArrayList<>(findings.size());
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      Location.File file = (Location.File) f.location();
      out.add(deleted.get(i) ? f.withLocation(file.withDeleted(true)) : f);
    }
    return out;
  }

  private NavigableMap<String, List<Tracked>> below(String directory) {
    // every key that starts with "directory/": '0' is the character after '/'
    return byPath.subMap(directory + "/", true, directory + "0", false);
  }

  private void hide(int layer, Collection<List<Tracked>> lists) {
    for (List<Tracked> list : lists) {
      for (Tracked t : list) {
        if (t.layer() < layer) {
          deleted.set(t.finding(), true);
        }
      }
    }
  }
}
