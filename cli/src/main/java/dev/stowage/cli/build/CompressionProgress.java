package dev.stowage.cli.build;

import dev.stowage.engine.event.BuildEvent;
import dev.stowage.engine.event.EventSink;
import dev.stowage.engine.export.LayerConverter;
import dev.stowage.engine.image.LayerRef;
import dev.stowage.oci.Descriptor;
import java.util.function.IntSupplier;

/** Reports each layer an output compresses as a transfer of the export's vertex ({@code compressing sha256:…}). */
final class CompressionProgress implements LayerConverter.Listener {
  private final EventSink events;
  private final IntSupplier vertex;

  CompressionProgress(EventSink events, IntSupplier vertex) {
    this.events = events;
    this.vertex = vertex;
  }

  @Override
  public void started(LayerRef layer) {
    events.accept(new BuildEvent.Progress(vertex.getAsInt(), item(layer), 0, 0, false));
  }

  @Override
  public void finished(LayerRef layer, Descriptor compressed) {
    events.accept(new BuildEvent.Progress(vertex.getAsInt(), item(layer), compressed.size(), compressed.size(),
        true));
  }

  private static String item(LayerRef layer) {
    return "compressing " + layer.diffId();
  }
}
