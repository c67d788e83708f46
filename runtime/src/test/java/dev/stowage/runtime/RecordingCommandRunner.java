package dev.stowage.runtime;

import dev.stowage.runtime.linux.CommandResult;
import dev.stowage.runtime.linux.CommandRunner;
import dev.stowage.runtime.linux.HostCommand;
import dev.stowage.runtime.linux.ProcessCommandRunner;
import java.util.ArrayList;
import java.util.List;

/** Runs host programs for real and records every argument vector, so tests can search them for secrets. */
public final class RecordingCommandRunner implements CommandRunner {
  private final CommandRunner delegate = new ProcessCommandRunner();
  private final List<List<String>> commands = new ArrayList<>();

  @Override
  public synchronized CommandResult run(HostCommand command) {
    commands.add(command.argv());
    return delegate.run(command);
  }

  public synchronized List<List<String>> commands() {
    return List.copyOf(commands);
  }
}
