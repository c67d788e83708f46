package dev.stowage.engine.spi;

import java.io.IOException;
import java.io.InputStream;

/** Opens a layer blob (compressed or not, detected by its magic bytes) each time it is called. */
@FunctionalInterface
public interface LayerSource {
  InputStream open() throws IOException;
}
