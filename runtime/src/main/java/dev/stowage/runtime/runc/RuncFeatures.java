package dev.stowage.runtime.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.runtime.linux.CommandResult;
import dev.stowage.runtime.linux.CommandRunner;
import dev.stowage.runtime.linux.HostCommand;
import java.io.IOException;
import java.nio.file.Path;

/** What the host's runc can do, from {@code runc features} (runc 1.1 and later). */
public final class RuncFeatures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RuncFeatures() {}

  /**
   * Whether runc was built with seccomp support ({@code linux.seccomp.enabled}). A runc too old to answer is taken to
   * have it, as every distribution's runc package does.
   */
  public static boolean seccompEnabled(Path runc, CommandRunner runner) {
    CommandResult result = runner.run(HostCommand.of(runc.toString(), "features"));
    return !result.succeeded() || seccompEnabled(result.stdout());
  }

  /** Reads {@code runc features} output; true when it says nothing about seccomp. */
  static boolean seccompEnabled(String featuresJson) {
    try {
      JsonNode enabled = JSON.readTree(featuresJson).path("linux").path("seccomp").path("enabled");
      return enabled.isMissingNode() || enabled.asBoolean(true);
    } catch (IOException e) {
      return true;
    }
  }
}
