package dev.stowage.oci.archive;

import java.util.List;

/**
 * Sees every entry of a layer as it is written or read: the header, then the uncompressed content bytes in
 * order, then the end of the entry. The build's leak guard plugs in here; throwing from any callback aborts the
 * layer, and a layer being written is then discarded rather than committed.
 */
public interface ContentObserver {
  ContentObserver NONE = new ContentObserver() {};

  default void startEntry(TarHeader header) {}

  /** Content bytes of the current entry; the buffer is reused after the call returns. */
  default void content(byte[] buffer, int offset, int length) {}

  default void endEntry(TarHeader header) {}

  /** Called once after the last entry, before the layer is committed. */
  default void endLayer() {}

  /** An observer that forwards every call to each of {@code observers}, in order. */
  static ContentObserver all(List<ContentObserver> observers) {
    List<ContentObserver> copy = List.copyOf(observers);
    return new ContentObserver() {
      @Override
      public void startEntry(TarHeader header) {
        copy.forEach(o -> o.startEntry(header));
      }

      @Override
      public void content(byte[] buffer, int offset, int length) {
        for (ContentObserver o : copy) {
          o.content(buffer, offset, length);
        }
      }

      @Override
      public void endEntry(TarHeader header) {
        copy.forEach(o -> o.endEntry(header));
      }

      @Override
      public void endLayer() {
        copy.forEach(ContentObserver::endLayer);
      }
    };
  }
}
