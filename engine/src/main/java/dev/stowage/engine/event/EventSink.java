package dev.stowage.engine.event;

/** Receives build events; implementations must be thread-safe (stages may run in parallel). */
@FunctionalInterface
public interface EventSink {
  EventSink NONE = event -> {};

  void accept(BuildEvent event);
}
