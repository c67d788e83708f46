package dev.stowage.cli;


import picocli.CommandLine;

/** The composition root: wires the commands and the one error handler, then exits with the mapped code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // picocli's default factory would look for Groovy's Closure class, a miss that opens every jar on the class path
    System.setProperty("picocli.disable.closures", "true");
    warmUp(args);
    // Ctrl-C or SIGTERM: interrupt the command, which stops its container and releases every mount and secret
    // file in its finally blocks; the JVM exits only after that (or after a bound).
    Thread command = Thread.currentThread();
    Thread hook = new Thread(() -> {
      command.interrupt();
      try {
        command.join(15_000);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }, "stowage-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int code = run(args);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      return; // a signal is ending the JVM; exit would block until the hook gives up waiting for us
    }
    System.exit(code);
  }

  /**
   * Work every build needs and a cold JVM is slow at, done on a second core while picocli reads the command line;
   * the main thread waits only if it gets there first. Jackson's first use costs tens of milliseconds of class
   * initialisation (its default date format; JDK 25's BigDecimal, which its parser initialises, computes a large
   * power of five); linking the mount and extended-attribute system calls and statx costs a build tens of
   * milliseconds.
   */
  private static void warmUp(String[] args) {
    boolean build = java.util.Arrays.asList(args).contains("build");
    Thread.ofPlatform().daemon().name("stowage-warm-up").start(() -> {
      try {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        json.readTree("{\"warm\":[1,\"up\"]}");
        if (!build) {
          json.writeValueAsString(java.util.Map.of("warm", java.util.List.of(1, "up")));
        } else {
          // the serializers of the cache keys (StepKeys' own mapper: each ObjectMapper caches its own)
          dev.stowage.engine.cache.StepKeys.warmUp();
          // in the order a build first needs them: the JDK's security providers (~15 ms at the first SHA-256 of a
          // manifest or SecureRandom), the tmpfs and overlay mounts, statx (COPY; its first call is also the first
          // use of the foreign-memory classes the tmpfs mount needs), the system logger that ProcessBuilder asks at
          // its first start (it looks for a logging backend across the class path). libcrypto is linked by the
          // first large content instead (DigestAlgorithm): most short builds never need it.
          java.util.UUID.randomUUID();
          dev.stowage.runtime.LinuxRuntime.linkSystemCalls();
          dev.stowage.oci.fs.Lstat.system();
          System.getLogger("java.lang.ProcessBuilder").isLoggable(System.Logger.Level.DEBUG);
        }
      } catch (java.io.IOException | RuntimeException | LinkageError ignored) {
        // only a warm-up: the real use reports its own errors
      }
    });
  }

  /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    return commandLine(args).execute(args);
  }

  /** The configured command line with every command, for tests that capture its output. */
  public static CommandLine commandLine() {
    return configure(COMMANDS.keySet());
  }

  /**
   * The command line for {@code args}: only the command they name is built (picocli reads an annotated command's
   * annotations reflectively, which is most of a short command's start-up; the root and build are built without
   * annotations for that reason); none for {@code --version}, which only the root answers; every command when they
   * name none otherwise (help, a typo: picocli then lists and suggests them).
   */
  static CommandLine commandLine(String... args) {
    boolean version = false;
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        return COMMANDS.containsKey(arg) ? configure(java.util.Set.of(arg)) : commandLine();
      }
      version |= arg.equals("-V") || arg.equals("--version");
    }
    return version ? configure(java.util.Set.of()) : commandLine();
  }

  private static CommandLine configure(java.util.Set<String> names) {
    ErrorHandler errors = new ErrorHandler();
    CommandLine cli = new CommandLine(new StowageCommand().spec());
    COMMANDS.forEach((name, command) -> {
      if (names.contains(name)) {
        cli.addSubcommand(command.get());
      }
    });
    cli.setExecutionExceptionHandler(errors);
    cli.setParameterExceptionHandler(errors);
    cli.setExitCodeExceptionMapper(errors);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  /** Every command by its name, in help order. */
  private static final java.util.Map<String, java.util.function.Supplier<CommandLine>> COMMANDS = commands();

  private static java.util.Map<String, java.util.function.Supplier<CommandLine>> commands() {
    java.util.Map<String, java.util.function.Supplier<CommandLine>> commands = new java.util.LinkedHashMap<>();
    commands.put("build", () -> new CommandLine(dev.stowage.cli.build.BuildCommand.spec())); // programmatic, own -h/-V
    commands.put("lint", annotated(dev.stowage.cli.lint.LintCommand::new));
    commands.put("images", annotated(dev.stowage.cli.image.ImagesCommand::new));
    commands.put("history", annotated(dev.stowage.cli.image.HistoryCommand::new));
    commands.put("inspect", annotated(dev.stowage.cli.image.InspectCommand::new));
    commands.put("rmi", annotated(dev.stowage.cli.image.RmiCommand::new));
    commands.put("pull", annotated(dev.stowage.cli.build.PullCommand::new));
    commands.put("load", annotated(dev.stowage.cli.image.LoadCommand::new));
    commands.put("save", annotated(dev.stowage.cli.image.SaveCommand::new));
    commands.put("login", annotated(dev.stowage.cli.registry.LoginCommand::new));
    commands.put("logout", annotated(dev.stowage.cli.registry.LogoutCommand::new));
    commands.put("scan", annotated(dev.stowage.cli.scan.ScanCommand::new));
    commands.put("prune", annotated(dev.stowage.cli.cache.PruneCommand::new));
    commands.put("df", annotated(dev.stowage.cli.cache.DfCommand::new));
    return commands;
  }

  /** A command picocli reads from its annotations, with -h/--help and -V/--version (every command answers --help). */
  private static java.util.function.Supplier<CommandLine> annotated(java.util.function.Supplier<Object> command) {
    return () -> {
      CommandLine cli = new CommandLine(command.get());
      cli.getCommandSpec().mixinStandardHelpOptions(true);
      return cli;
    };
  }
}
