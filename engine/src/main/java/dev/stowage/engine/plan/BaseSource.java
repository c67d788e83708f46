package dev.stowage.engine.plan;

/** Where a stage starts. */
public sealed interface BaseSource {
  /** {@code FROM scratch}: no layers. */
  record Scratch() implements BaseSource {}

  /** An image from a registry or the local store, by its expanded reference. */
  record Image(String reference) implements BaseSource {}

  /** An earlier stage of the same Dockerfile. */
  record Stage(int index) implements BaseSource {}
}
