package dev.stowage.cli.registry;

import dev.stowage.cli.common.ExitCode;
import dev.stowage.registry.auth.DockerConfig;
import dev.stowage.registry.auth.DockerConfigWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stowage logout REGISTRY}: removes the stored credentials (from config.json or its helper). */
@Command(name = "logout", description = "Log out from a registry")
public final class LogoutCommand implements Callable<Integer> {
  @Parameters(paramLabel = "REGISTRY")
  String registry;

  @Override
  public Integer call() {
    Path file = DockerConfig.defaultPath(System.getenv(), Path.of(System.getProperty("user.home")));
    boolean removed = new DockerConfigWriter(file, LoginCommand.runner()).logout(registry);
    System.out.println(removed ? "Removing login credentials for " + registry
        : "Not logged in to " + registry);
    return ExitCode.OK;
  }
}
