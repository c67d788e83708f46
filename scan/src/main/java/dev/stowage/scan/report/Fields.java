package dev.stowage.scan.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.scan.Finding;
import dev.stowage.scan.Location;

/** The location fields a finding is written and matched with, shared by the JSON, SARIF and baseline code. */
final class Fields {
  private Fields() {}

  /** Puts {@code where} and the location's own fields ({@code index}, {@code key}, {@code path}, ...). */
  static void location(ObjectNode o, Location location) {
    o.put("where", location.where());
    switch (location) {
      case Location.History h -> o.put("index", h.index());
      case Location.Env e -> o.put("key", e.key());
      case Location.Label l -> o.put("key", l.key());
      case Location.Config c -> o.put("field", c.field());
      case Location.File f -> {
        o.put("path", f.path());
        if (f.line() > 0) {
          o.put("line", f.line());
        }
        o.put("layer", f.layerDigest());
        o.put("layer_index", f.layer());
        o.put("deleted", f.deleted());
        f.addedBy().ifPresent(a -> {
          o.put("added_by", a.createdBy());
          o.put("history_index", a.historyIndex());
        });
      }
    }
  }

  /** The place part of a baseline key: where, plus the index, key, field or path. */
  static String place(Location location) {
    return switch (location) {
      case Location.History h -> "history|" + h.index();
      case Location.Env e -> "env|" + e.key();
      case Location.Label l -> "label|" + l.key();
      case Location.Config c -> "config|" + c.field();
      case Location.File f -> "file|" + f.path();
    };
  }

  static void evidence(ObjectNode o, Finding f) {
    o.put("rule", f.rule());
    o.put("title", f.title());
    o.put("detect", f.detection().label());
    o.put("match", f.evidence().redacted());
    o.put("length", f.evidence().length());
    o.put("fingerprint", f.evidence().fingerprint());
  }
}
