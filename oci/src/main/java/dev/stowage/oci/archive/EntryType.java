package dev.stowage.oci.archive;

/** The kinds of tar entries a layer may hold, with their tar type flags. */
public enum EntryType {
  FILE('0'),
  HARDLINK('1'),
  SYMLINK('2'),
  CHAR_DEVICE('3'),
  BLOCK_DEVICE('4'),
  DIRECTORY('5'),
  FIFO('6');

  private final char flag;

  EntryType(char flag) {
    this.flag = flag;
  }

  public char flag() {
    return flag;
  }

  /** Whether entries of this type carry content bytes (only regular files do). */
  public boolean hasContent() {
    return this == FILE;
  }

  public boolean isDevice() {
    return this == CHAR_DEVICE || this == BLOCK_DEVICE;
  }
}
