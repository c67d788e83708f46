package dev.stowage.oci.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.oci.store.FileBlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObserverThreadTest {
  @TempDir Path dir;

  /** Records every call with the thread that made it; content per entry, concatenated. */
  static final class Recorder implements ContentObserver {
    final List<String> calls = new ArrayList<>();
    final List<byte[]> contents = new ArrayList<>();
    final List<String> threads = new ArrayList<>();
    private ByteArrayOutputStream current;

    @Override
    public void startEntry(TarHeader header) {
      calls.add("start " + header.path());
      threads.add(Thread.currentThread().getName());
      current = new ByteArrayOutputStream();
    }

    @Override
    public void content(byte[] buffer, int offset, int length) {
      current.write(buffer, offset, length);
    }

    @Override
    public void endEntry(TarHeader header) {
      calls.add("end " + header.path());
      contents.add(current.toByteArray());
    }

    @Override
    public void endLayer() {
      calls.add("layer");
    }
  }

  private static List<LayerEntry> entries(byte[] big) {
    return List.of(
        LayerEntry.directory("app"),
        LayerEntry.file("app/big.bin", big),
        LayerEntry.file("app/small.txt", "small\n".getBytes(StandardCharsets.UTF_8)),
        LayerEntry.symlink("app/link", "small.txt"));
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    new Random(7).nextBytes(bytes);
    return bytes;
  }

  @Test
  void theObserverSeesWhatADirectOneSeesOnItsOwnThread() throws IOException {
    byte[] big = randomBytes(3 * 1024 * 1024 + 17); // many times the writer's buffer and the recycled copies
    Recorder direct = new Recorder();
    try (LayerWriter writer = LayerWriter.toStore(FileBlobStore.open(dir.resolve("a")),
        LayerOptions.defaults().withObserver(direct))) {
      writer.addAll(entries(big));
      writer.finish();
    }
    Recorder offloaded = new Recorder();
    LayerResult result;
    try (ObserverThread thread = new ObserverThread(offloaded, "observer-test-same");
        LayerWriter writer = LayerWriter.toStore(FileBlobStore.open(dir.resolve("b")),
            LayerOptions.defaults().withObserver(thread))) {
      writer.addAll(entries(big));
      result = writer.finish();
    }
    assertThat(offloaded.calls).isEqualTo(direct.calls).endsWith("layer");
    assertThat(offloaded.contents).hasSameSizeAs(direct.contents);
    for (int i = 0; i < direct.contents.size(); i++) {
      assertThat(offloaded.contents.get(i)).as("entry %d", i).isEqualTo(direct.contents.get(i));
    }
    assertThat(offloaded.contents).anySatisfy(c -> assertThat(c).isEqualTo(big));
    assertThat(offloaded.threads).containsOnly("observer-test-same");
    assertThat(FileBlobStore.open(dir.resolve("b")).has(result.digest())).isTrue();
  }

  @Test
  void whatTheObserverThrowsFailsTheLayerAndNothingIsStored() throws IOException {
    ContentObserver refusing = new ContentObserver() {
      @Override
      public void content(byte[] buffer, int offset, int length) {
        if (new String(buffer, offset, length, StandardCharsets.ISO_8859_1).contains("small")) {
          throw new IllegalStateException("refused small.txt");
        }
      }
    };
    Path store = dir.resolve("store");
    try (ObserverThread thread = new ObserverThread(refusing, "observer-test-refusing");
        LayerWriter writer = LayerWriter.toStore(FileBlobStore.open(store), LayerOptions.defaults()
            .withObserver(thread))) {
      assertThatThrownBy(() -> {
        writer.addAll(entries(randomBytes(1024 * 1024)));
        writer.finish();
      }).isInstanceOf(IllegalStateException.class).hasMessage("refused small.txt");
    }
    try (var blobs = Files.walk(store)) {
      assertThat(blobs.filter(Files::isRegularFile).toList()).as("no blob committed").isEmpty();
    }
  }

  @Test
  void closeStopsTheThreadWhenTheLayerNeverEnds() throws Exception {
    Recorder recorder = new Recorder();
    ObserverThread observer = new ObserverThread(recorder, "observer-test-abandoned");
    observer.startEntry(TarHeader.file("a", 0644, 3));
    observer.content(new byte[] {1, 2, 3}, 0, 3);
    observer.close(); // a writer that failed never calls endLayer
    Thread thread = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("observer-test-abandoned")).findFirst().orElse(null);
    if (thread != null) {
      thread.join(TimeUnit.SECONDS.toMillis(30)); // a hang guard, not a timing
      assertThat(thread.isAlive()).isFalse();
    }
    assertThat(recorder.calls).doesNotContain("layer");
  }
}
