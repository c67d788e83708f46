package dev.stowage.cli.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.cli.common.CliException;
import dev.stowage.cli.common.StateOptions;
import dev.stowage.engine.store.ImageStore;
import dev.stowage.oci.HistoryEntry;
import dev.stowage.oci.archive.Compression;
import dev.stowage.oci.archive.TarHeader;
import dev.stowage.oci.archive.TarReader;
import dev.stowage.oci.image.Image;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage history IMAGE}: docker history's columns, newest first. */
@Command(name = "history", description = "Show the history of an image")
public final class HistoryCommand implements Callable<Integer> {
  @Parameters(paramLabel = "IMAGE", description = "Name or ID of an image in the local store")
  String image;

  @Option(names = "--no-trunc", description = "Don't truncate output")
  boolean noTrunc;

  @Option(names = "--format", paramLabel = "table|json", description = "Output format (default: table)")
  String format = "table";

  @Option(names = {"-H", "--human"}, negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Print sizes and dates in human readable format (default: true)")
  boolean human;

  @Mixin StateOptions state;

  @Override
  public Integer call() throws IOException {
    ImageStore store = StoreCommand.open(state);
    Image found = store.find(image).orElseThrow(() -> new CliException(1, "no such image: " + image));
    List<HistoryEntry> history = found.config().value().history();
    List<Long> sizes = layerSizes(store, found);
    List<Map<String, Object>> rows = new ArrayList<>();
    int layer = 0;
    Instant now = Instant.now();
    for (int i = 0; i < history.size(); i++) {
      HistoryEntry entry = history.get(i);
      long size = entry.emptyLayer() || layer >= sizes.size() ? 0 : sizes.get(layer++);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("Comment", entry.comment());
      row.put("CreatedAt", entry.created().map(Instant::toString).orElse(""));
      row.put("CreatedBy", entry.createdBy());
      row.put("CreatedSince", entry.created().map(c -> HumanUnits.since(c, now)).orElse("N/A"));
      row.put("ID", i == history.size() - 1 ? found.id().toString() : "<missing>");
      row.put("Size", human ? HumanUnits.size(size) : Long.toString(size));
      rows.add(0, row);
    }
    if (format.toLowerCase(Locale.ROOT).equals("json")) {
      ObjectMapper json = new ObjectMapper();
      for (Map<String, Object> row : rows) {
        System.out.println(json.writeValueAsString(row));
      }
      return 0;
    }
    if (!format.equalsIgnoreCase("table")) {
      throw CliException.usage("--format must be table or json, got " + format);
    }
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"});
    for (Map<String, Object> row : rows) {
      String id = (String) row.get("ID");
      if (!noTrunc && id.startsWith("sha256:")) {
        id = id.substring(7, 19);
      }
      String createdBy = (String) row.get("CreatedBy");
      if (!noTrunc && createdBy.length() > 45) {
        createdBy = createdBy.substring(0, 44) + "…";
      }
      table.add(new String[] {id, human ? (String) row.get("CreatedSince") : (String) row.get("CreatedAt"),
          createdBy, (String) row.get("Size"), (String) row.get("Comment")});
    }
    Tables.print(table, System.out);
    return 0;
  }

  /** The size of each layer as docker shows it: the bytes of the files it holds (not the tar's size). */
  private static List<Long> layerSizes(ImageStore store, Image image) throws IOException {
    List<Long> sizes = new ArrayList<>();
    for (var layer : image.layers()) {
      if (!store.blobs().has(layer.digest())) {
        sizes.add(0L);
        continue;
      }
      try (InputStream raw = new BufferedInputStream(store.blobs().open(layer.digest()))) {
        raw.mark(16);
        byte[] head = raw.readNBytes(16);
        raw.reset();
        long total = 0;
        try (TarReader tar = new TarReader(Compression.detect(head, head.length).decompress(raw),
            layer.digest().toString())) {
          for (TarHeader entry = tar.next(); entry != null; entry = tar.next()) {
            total += entry.size();
          }
        }
        sizes.add(total);
      }
    }
    return sizes;
  }
}
