package dev.stowage.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into the jar, so {@code --version} never drifts from the build. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("/stowage-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    }
    return new String[] {
      "stowage " + properties.getProperty("version", "unknown"),
      "java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")"
    };
  }
}
