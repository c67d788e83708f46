package dev.stowage.cli.build.progress;

import dev.stowage.engine.event.EventSink;

/**
 * Renders a build's events; {@link #close()} ends the rendering (the live view prints its final state, then the
 * logs of failed steps). Close it before the build's error is printed, so the error comes last, as in BuildKit.
 */
public interface ProgressSink extends EventSink, AutoCloseable {
  @Override
  void close();
}
