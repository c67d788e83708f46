package dev.stowage.engine.copy;

/**
 * Receives a walk of one selected source, in name order. A directory that is not itself included (an include or
 * exclude pattern, or .dockerignore, leaves it out) is still entered when something below it may be included: the
 * sink creates it only if that happens, as fsutil does.
 */
interface EntrySink {
  void enterDirectory(Entry directory, boolean included);

  void exitDirectory(Entry directory, boolean included);

  /** An included entry that is not a directory. */
  void leaf(Entry entry);

  /** Sends every event to each sink in order (the writer first, so the digest can reuse its content hash). */
  static EntrySink all(EntrySink... sinks) {
    return new EntrySink() {
      @Override
      public void enterDirectory(Entry directory, boolean included) {
        for (EntrySink s : sinks) {
          s.enterDirectory(directory, included);
        }
      }

      @Override
      public void exitDirectory(Entry directory, boolean included) {
        for (EntrySink s : sinks) {
          s.exitDirectory(directory, included);
        }
      }

      @Override
      public void leaf(Entry entry) {
        for (EntrySink s : sinks) {
          s.leaf(entry);
        }
      }
    };
  }
}
