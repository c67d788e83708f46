package dev.stowage.cli.registry;

import dev.stowage.cli.common.CliException;
import dev.stowage.cli.common.ExitCode;
import dev.stowage.cli.common.SearchPath;
import dev.stowage.registry.RegistryHosts;
import dev.stowage.registry.auth.Credential;
import dev.stowage.registry.auth.CredentialSource;
import dev.stowage.registry.auth.DockerConfig;
import dev.stowage.registry.auth.DockerConfigWriter;
import dev.stowage.registry.auth.ProcessCommandRunner;
import dev.stowage.registry.client.DistributionClient;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stowage login REGISTRY}: checks the credentials against the registry, then stores them like docker
 * (a credential helper if config.json names one, else config.json with mode 0600). The password never appears on
 * a command line: it is prompted without echo or read with {@code --password-stdin}.
 */
@Command(name = "login", description = "Log in to a registry (credentials go where docker keeps them)")
public final class LoginCommand implements Callable<Integer> {
  @Parameters(paramLabel = "REGISTRY", description = "e.g. localhost:5000 or registry.example.com")
  String registry;

  @Option(names = {"-u", "--username"}, paramLabel = "USER")
  String username;

  @Option(names = "--password-stdin", description = "Read the password from standard input")
  boolean passwordStdin;

  @Option(names = "--insecure-registry", description = "Use plain HTTP for this registry")
  boolean insecure;

  @Override
  public Integer call() throws IOException {
    char[] password = readPassword();
    try {
      if (username == null || username.isBlank()) {
        throw CliException.usage("login needs a user name: -u USER");
      }
      Credential credential = Credential.of(username, password);
      DistributionClient client = DistributionClient.builder()
          .hosts(new RegistryHosts(insecure ? new HashSet<>(List.of(registry)) : new HashSet<>()))
          .credentials(CredentialSource.of(Map.of(registry, credential)))
          .build();
      client.ping(registry); // an authentication failure ends here, with the registry's message
      Path file = DockerConfig.defaultPath(System.getenv(), Path.of(System.getProperty("user.home")));
      String where = new DockerConfigWriter(file, runner()).login(registry, credential);
      System.out.println("Login Succeeded (credentials stored in " + where + ")");
      return ExitCode.OK;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private char[] readPassword() throws IOException {
    if (passwordStdin) {
      byte[] bytes = System.in.readAllBytes();
      String text = new String(bytes, StandardCharsets.UTF_8).strip();
      Arrays.fill(bytes, (byte) 0);
      return text.toCharArray();
    }
    Console console = System.console();
    if (console == null) {
      throw CliException.usage("no terminal to ask for the password: use --password-stdin");
    }
    char[] password = console.readPassword("Password: ");
    if (password == null) {
      throw CliException.usage("no password given");
    }
    return password;
  }

  static ProcessCommandRunner runner() {
    return new ProcessCommandRunner(SearchPath.fromEnvironment());
  }
}
