package dev.stowage.runtime.linux;

import java.util.List;

/** This host lacks something RUN steps need; the message lists every missing piece with its remedy. */
public final class HostCapabilityException extends RuntimeException {
  private final List<HostCapabilities.Missing> missing;

  public HostCapabilityException(List<HostCapabilities.Missing> missing) {
    super("this host cannot run RUN steps: missing " + String.join("; ",
        missing.stream().map(HostCapabilities.Missing::toString).toList()));
    this.missing = List.copyOf(missing);
  }

  public List<HostCapabilities.Missing> missing() {
    return missing;
  }
}
