package dev.stowage.scan.walk;

import dev.stowage.oci.archive.EntryType;
import dev.stowage.oci.archive.TarHeader;
import dev.stowage.oci.archive.TarReader;
import dev.stowage.oci.archive.Whiteouts;
import dev.stowage.oci.archive.Xattr;
import dev.stowage.scan.Detection;
import dev.stowage.scan.Evidence;
import dev.stowage.scan.Finding;
import dev.stowage.scan.Location;
import dev.stowage.scan.ScanException;
import dev.stowage.scan.detect.ContentScanner;
import dev.stowage.scan.detect.FileHit;
import dev.stowage.scan.detect.Fingerprinter;
import dev.stowage.scan.detect.KnownValues;
import dev.stowage.scan.layer.EntryPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The entries of one layer after another: whiteouts and replacements go to {@link Survival}, every file's name and
 * content to the detectors, and each hit becomes a file finding of that layer.
 */
final class LayerWalk {
  private static final String STUB_DIRECTORY = "run/secrets/";

  private final KnownValues known;
  private final Fingerprinter fingerprints;
  private final Survival survival;
  private final ContentScanner content;
  private final byte[] buffer = new byte[64 * 1024];
  private long files;

  LayerWalk(KnownValues known, Fingerprinter fingerprints, Survival survival) {
    this.known = known;
    this.fingerprints = fingerprints;
    this.survival = survival;
    this.content = new ContentScanner(known, fingerprints);
  }

  /** Regular files seen so far. */
  long files() {
    return files;
  }

  void walk(int layer, String digest, Optional<Location.AddedBy> addedBy, TarReader tar, String label) {
    TarHeader header;
    while ((header = tar.next()) != null) {
      String path = EntryPaths.normalize(header.path(), label);
      if (path.isEmpty()) {
        continue;
      }
      String name = EntryPaths.name(path);
      if (Whiteouts.isOpaque(name)) {
        survival.opaque(layer, EntryPaths.parent(path));
        continue;
      }
      if (Whiteouts.isWhiteout(name)) {
        survival.whiteout(layer, EntryPaths.join(EntryPaths.parent(path), name.substring(Whiteouts.PREFIX.length())));
        continue;
      }
      List<FileHit> hits = hits(header, path, tar, label);
      Set<String> here = new HashSet<>();
      hits.forEach(h -> here.add(h.evidence().fingerprint()));
      survival.entry(layer, path, header.type() == EntryType.DIRECTORY, here);
      for (FileHit hit : hits) {
        survival.add(new Finding(new Location.File(layer, digest, path, hit.line(), addedBy, false), hit.rule(),
            hit.title(), hit.detection(), hit.evidence()));
      }
    }
  }

  private List<FileHit> hits(TarHeader header, String path, TarReader tar, String label) {
    List<FileHit> hits = new ArrayList<>(inNames(header, path));
    if (header.type() != EntryType.FILE) {
      return hits;
    }
    files++;
    if (header.size() == 0) {
      stub(path).ifPresent(hits::add);
      return hits;
    }
    ContentScanner.FileScan scan = content.start(path, header.size());
    InputStream in = tar.content();
    try {
      int n;
      while ((n = in.read(buffer, 0, buffer.length)) > 0) {
        scan.feed(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new ScanException(label + " cannot be read: " + e.getMessage(), e);
    }
    hits.addAll(scan.finish());
    return hits;
  }

  /** Known values in an entry's path, link target or extended attributes, as the build guard checks them. */
  private List<FileHit> inNames(TarHeader header, String path) {
    if (known.isEmpty()) {
      return List.of();
    }
    List<FileHit> hits = new ArrayList<>();
    addKnown(hits, path.getBytes(StandardCharsets.UTF_8), "the path");
    if (!header.linkTarget().isEmpty()) {
      addKnown(hits, header.linkTarget().getBytes(StandardCharsets.UTF_8), "the link target");
    }
    for (Xattr x : header.xattrs()) {
      addKnown(hits, x.value(), "an extended attribute");
    }
    return hits;
  }

  private void addKnown(List<FileHit> hits, byte[] text, String part) {
    for (KnownValues.Hit hit : known.find(text)) {
      hits.add(new FileHit(hit.info().rule(), hit.info().title() + " in " + part, Detection.KNOWN_VALUE, 0,
          hit.info().evidence()));
    }
  }

  /** An empty file under /run/secrets: the mount point of a secret, left in the layer. */
  private Optional<FileHit> stub(String path) {
    if (!path.startsWith(STUB_DIRECTORY) || path.length() == STUB_DIRECTORY.length()) {
      return Optional.empty();
    }
    return Optional.of(new FileHit("secret-mount-stub",
        "empty file left where a secret was mounted (it names secret '" + path.substring(STUB_DIRECTORY.length())
            + "')", Detection.MOUNT_STUB, 0, new Evidence("", 0, fingerprints.of(path))));
  }
}
