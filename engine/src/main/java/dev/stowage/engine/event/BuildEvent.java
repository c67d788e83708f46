package dev.stowage.engine.event;

import java.time.Duration;

/**
 * What a build reports as it goes. The engine never prints: the CLI renders these events (plain lines,
 * a TTY view, JSON). Log lines are redacted before they become events.
 */
public sealed interface BuildEvent {

  /** A vertex started: {@code id} numbers the build's vertices, BuildKit style ({@code #5}). */
  record Started(int id, String name) implements BuildEvent {}

  /** Output of a running vertex, already redacted; one or more complete lines, or the tail at the end. */
  record Log(int id, Duration sinceStart, String text) implements BuildEvent {}

  /** The vertex's result was taken from the cache. */
  record Cached(int id) implements BuildEvent {}

  /** The vertex finished. */
  record Done(int id, Duration took) implements BuildEvent {}

  /** The vertex failed; the build fails with the error that follows. */
  record Failed(int id, Duration took, String message) implements BuildEvent {}

  /** A build warning (e.g. an unused build arg, a lint finding). */
  record Warning(String message) implements BuildEvent {}

  /** A line of information that belongs to no vertex (e.g. where the image was written). */
  record Info(String message) implements BuildEvent {}

  /**
   * Progress of one item of a running vertex (a blob pulled or pushed, a layer extracted or exported), BuildKit's
   * vertex status: {@code current} of {@code total} bytes ({@code total} 0 when unknown). {@code item} names the
   * item ({@code sha256:…}, {@code exporting layers}) and never holds a secret; the item's last update has
   * {@code completed} set.
   */
  record Progress(int id, String item, long current, long total, boolean completed) implements BuildEvent {}
}
