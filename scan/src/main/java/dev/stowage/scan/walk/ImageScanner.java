package dev.stowage.scan.walk;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.HistoryEntry;
import dev.stowage.oci.ImageConfig;
import dev.stowage.oci.archive.TarReader;
import dev.stowage.oci.image.Image;
import dev.stowage.scan.Finding;
import dev.stowage.scan.Location;
import dev.stowage.scan.ScanException;
import dev.stowage.scan.ScanReport;
import dev.stowage.scan.detect.ConfigScanner;
import dev.stowage.scan.detect.Fingerprinter;
import dev.stowage.scan.detect.HistoryText;
import dev.stowage.scan.detect.KnownValues;
import dev.stowage.scan.input.ScanTarget;
import dev.stowage.scan.layer.LayerLimits;
import dev.stowage.scan.layer.LayerStream;
import dev.stowage.scan.layer.ReadAhead;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Scans one image: the config (Env, Labels, history, commands), then every layer one at a time, bottom to top, in a
 * single streaming pass each (verify, decompress, read the tar, search every file), so a file a later layer deleted
 * or overwrote is still found in the layer that added it, and reported with that layer, the history entry that
 * made it, and whether the final image still holds it.
 */
public final class ImageScanner {
  /** More findings than this are not kept: a report of that size needs the image fixed, not read. */
  public static final int MAX_FINDINGS = 10_000;

  private final List<KnownValues.Named> provided;
  private final Fingerprinter fingerprints;
  private final LayerLimits limits;

  /**
   * @param provided the values the user gave to look for; they stay owned by the caller
   */
  public ImageScanner(List<KnownValues.Named> provided, Fingerprinter fingerprints, LayerLimits limits) {
    this.provided = List.copyOf(provided);
    this.fingerprints = Objects.requireNonNull(fingerprints, "fingerprints");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * @throws ScanException when the image cannot be read to the end (a missing, corrupt, truncated or hostile
   *     layer); nothing is reported then, since an unread layer may hold anything
   */
  public ScanReport scan(ScanTarget target) {
    List<String> warnings = new ArrayList<>();
    ConfigScanner.Result fromConfig;
    try (KnownValues known = KnownValues.of(provided, fingerprints)) {
      known.tooShort().forEach(label -> warnings.add("the value of " + label + " is shorter than 6 bytes and is not"
          + " searched for"));
      fromConfig = new ConfigScanner(known, fingerprints).scan(target.image().config().value());
    }
    List<KnownValues.Named> values = new ArrayList<>(provided);
    values.addAll(fromConfig.discovered());
    // The secrets the config holds are searched for in the layers too, in every encoding the matcher knows.
    try (KnownValues known = KnownValues.of(values, fingerprints)) {
      return scanLayers(target, known, new ArrayList<>(fromConfig.findings()), warnings);
    } finally {
      fromConfig.discovered().forEach(n -> n.value().close());
    }
  }

  private ScanReport scanLayers(ScanTarget target, KnownValues known, List<Finding> findings, List<String> warnings) {
    Image image = target.image();
    ImageConfig config = image.config().value();
    List<Descriptor> layers = image.layers();
    List<Digest> diffIds = image.diffIds();
    if (diffIds.size() != layers.size()) {
      warnings.add("the config lists " + diffIds.size() + " DiffIDs for " + layers.size() + " layers; DiffIDs are"
          + " not checked");
    }
    List<Optional<Location.AddedBy>> addedBy = addedBy(config, layers.size(), known, warnings);
    Survival survival = new Survival();
    LayerWalk walk = new LayerWalk(known, fingerprints, survival);
    long compressed = 0;
    long uncompressed = 0;
    for (int i = 0; i < layers.size(); i++) {
      Descriptor layer = layers.get(i);
      String label = "layer " + i + " (" + layer.digest() + ") of " + target.name();
      if (layer.mediaType().isForeignLayer() && !target.blobs().has(layer.digest())) {
        warnings.add("layer " + i + " (" + layer.digest() + ") is a foreign layer that is not in the image; it was"
            + " not scanned");
        continue;
      }
      Optional<Digest> diffId = diffIds.size() == layers.size() ? Optional.of(diffIds.get(i)) : Optional.empty();
      try (LayerStream stream = LayerStream.open(target.blobs(), layer, diffId, limits, label);
          ReadAhead ahead = ReadAhead.start(stream, "layer-" + i)) {
        walk.walk(i, layer.digest().toString(), addedBy.get(i), new TarReader(ahead, label), label);
        ahead.finish();
        compressed += layer.size();
        uncompressed += stream.uncompressedBytes();
      } catch (ScanException e) {
        throw e;
      } catch (RuntimeException e) {
        String message = oneLine(e);
        throw new ScanException(message.startsWith(label) ? message : label + " cannot be read: " + message, e);
      }
    }
    findings.addAll(survival.resolved());
    long total = findings.size() + survival.dropped();
    if (total > MAX_FINDINGS) {
      warnings.add(total + " findings; only the first " + MAX_FINDINGS + " are reported");
      findings = new ArrayList<>(findings.subList(0, MAX_FINDINGS));
    }
    return new ScanReport(target.name(), image.id().toString(), findings, warnings,
        new ScanReport.Stats(layers.size(), walk.files(), compressed, uncompressed));
  }

  /**
   * For each layer, the history entry that made it, redacted: the history entries without {@code empty_layer}
   * match the layers in order when their counts agree (they do for every builder we know).
   */
  private static List<Optional<Location.AddedBy>> addedBy(ImageConfig config, int layerCount, KnownValues known,
      List<String> warnings) {
    List<Optional<Location.AddedBy>> out = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    List<HistoryEntry> history = config.history();
    for (int h = 0; h < history.size(); h++) {
      if (!history.get(h).emptyLayer()) {
        indexes.add(h);
      }
    }
    boolean mapped = indexes.size() == layerCount;
    if (!mapped && !history.isEmpty()) {
      warnings.add("the history has " + indexes.size() + " entries with layers for " + layerCount + " layers; files"
          + " are not attributed to instructions");
    }
    for (int i = 0; i < layerCount; i++) {
      if (mapped) {
        int h = indexes.get(i);
        String text = HistoryText.redact(HistoryText.withoutBuildkitMarker(history.get(h).createdBy()), known);
        out.add(Optional.of(new Location.AddedBy(h, text)));
      } else {
        out.add(Optional.empty());
      }
    }
    return out;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = m.indexOf('\n');
    return newline < 0 ? m : m.substring(0, newline);
  }
}
