package dev.stowage.scan;

import java.util.Objects;
import java.util.Optional;

/**
 * Where in an image a finding is: a history entry, an Env or Label key, another config field, or a file in one
 * layer. {@link #where()} is the location kind as the JSON report names it.
 */
public sealed interface Location {
  /** {@code history}, {@code env}, {@code label}, {@code config} or {@code file}. */
  String where();

  /** A short description for people: {@code history[5]}, {@code env GITLAB_TOKEN}, {@code /app/.npmrc}. */
  String describe();

  /** {@code config.history[index].created_by} (0-based, counting empty layers). */
  record History(int index) implements Location {
    public History {
      if (index < 0) {
        throw new IllegalArgumentException("negative history index " + index);
      }
    }

    @Override
    public String where() {
      return "history";
    }

    @Override
    public String describe() {
      return "history[" + index + "]";
    }
  }

  /** One {@code config.Env} entry, by key. */
  record Env(String key) implements Location {
    public Env {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String where() {
      return "env";
    }

    @Override
    public String describe() {
      return "env " + key;
    }
  }

  /** One {@code config.Labels} entry, by key. */
  record Label(String key) implements Location {
    public Label {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String where() {
      return "label";
    }

    @Override
    public String describe() {
      return "label " + key;
    }
  }

  /** Another config field: {@code Cmd}, {@code Entrypoint}, {@code Healthcheck}, {@code OnBuild}, ... */
  record Config(String field) implements Location {
    public Config {
      Objects.requireNonNull(field, "field");
    }

    @Override
    public String where() {
      return "config";
    }

    @Override
    public String describe() {
      return "config " + field;
    }
  }

  /**
   * A file in one layer.
   *
   * @param layer the layer's position, 0 for the base
   * @param layerDigest the layer blob's digest ({@code sha256:...})
   * @param path the in-image path, relative ({@code app/.npmrc})
   * @param line the 1-based line of the match, or 0 when it does not apply (the whole file, a binary)
   * @param addedBy the history entry that created the layer (already redacted), when the history maps to layers
   * @param deleted whether the final image no longer holds this content: a later layer deleted the file (a
   *     whiteout) or replaced it with content that does not hold the same secret
   */
  record File(int layer, String layerDigest, String path, long line, Optional<AddedBy> addedBy, boolean deleted)
      implements Location {
    public File {
      Objects.requireNonNull(layerDigest, "layerDigest");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(addedBy, "addedBy");
    }

    @Override
    public String where() {
      return "file";
    }

    @Override
    public String describe() {
      return "/" + path + (line > 0 ? ":" + line : "") + " (layer " + layer + (deleted ? ", deleted later" : "") + ")";
    }

    public File withDeleted(boolean value) {
      return new File(layer, layerDigest, path, line, addedBy, value);
    }
  }

  /** The history entry behind a layer: its index and its {@code created_by}, redacted. */
  record AddedBy(int historyIndex, String createdBy) {
    public AddedBy {
      Objects.requireNonNull(createdBy, "createdBy");
    }
  }
}
