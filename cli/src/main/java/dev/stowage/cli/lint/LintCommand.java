package dev.stowage.cli.lint;

import dev.stowage.cli.common.CliException;
import dev.stowage.cli.common.ExitCode;
import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.ignore.DockerIgnoreException;
import dev.stowage.dockerfile.lint.ContextView;
import dev.stowage.dockerfile.lint.LintConfig;
import dev.stowage.dockerfile.lint.LintConfigException;
import dev.stowage.dockerfile.lint.LintRequest;
import dev.stowage.dockerfile.lint.LintResult;
import dev.stowage.dockerfile.lint.Linter;
import dev.stowage.dockerfile.parse.DockerfileParser;
import dev.stowage.dockerfile.parse.DockerfileSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stowage lint}: finds secret leaks and BuildKit check violations in a Dockerfile and its context. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
      "Check a Dockerfile and its build context for secret leaks: secrets in ARG, ENV and build args, credential",
      "files copied into layers, secret files deleted by a later step, secret mounts written into a layer, secrets",
      "printed to the build log. Also runs BuildKit's build checks.",
      "",
      "Exit status: 0 no error-level finding, 2 bad input (e.g. a Dockerfile syntax error), 3 error-level findings."
    })
public final class LintCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--file"}, paramLabel = "DOCKERFILE",
      description = "The Dockerfile (default: CONTEXT/Dockerfile).")
  Path dockerfile;

  @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]",
      description = "A build argument as the build would get it; a value that is a credential is reported even under"
          + " an innocent name. KEY alone takes the value from the environment. Values are never printed.")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
      description = "Output format: text, json (one finding per line) or sarif (default: ${DEFAULT-VALUE}).")
  ReportFormat format = ReportFormat.TEXT;

  @Option(names = "--check", paramLabel = "OPTIONS",
      description = "Check options as in '# check=': skip=RULE[,RULE...]|all; error=true|false; experimental=RULE."
          + " Overrides the Dockerfile's directive.")
  List<String> checks = new ArrayList<>();

  @Option(names = "--fix",
      description = "Rewrite ARGs that carry a secret into RUN --mount=type=secret,...,env=NAME and print the --secret"
          + " flags the build then needs. Prints a unified diff unless --in-place or --fix-output is given.")
  boolean fix;

  @Option(names = "--in-place", description = "With --fix: rewrite the Dockerfile itself.")
  boolean inPlace;

  @Option(names = "--fix-output", paramLabel = "FILE", description = "With --fix: write the fixed Dockerfile here.")
  Path fixOutput;

  @Parameters(index = "0", arity = "0..1", paramLabel = "CONTEXT", defaultValue = ".",
      description = "The build context directory (default: the current directory).")
  Path context = Path.of(".");

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if ((inPlace || fixOutput != null) && !fix) {
      throw CliException.usage("--in-place and --fix-output need --fix");
    }
    Path file = dockerfile != null ? dockerfile : context.resolve("Dockerfile");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CliException.usage("no Dockerfile at " + file + (dockerfile == null ? " (use -f to name one)" : ""));
    }
    String fileName = dockerfile != null ? dockerfile.toString() : file.toString();
    Dockerfile parsed;
    try {
      parsed = DockerfileParser.parse(text, fileName).dockerfile();
    } catch (DockerfileSyntaxException e) {
      err.println(e.getMessage());
      err.flush();
      return ExitCode.USAGE;
    }
    if (!Files.isDirectory(context)) {
      throw CliException.usage("the build context " + context + " is not a directory");
    }
    ContextView view = new DirectoryContextView(context, file);
    LintResult result;
    try {
      result = Linter.lint(new LintRequest(parsed, fileName, text, buildArgMap(), view, options()));
    } catch (LintConfigException | DockerIgnoreException e) {
      err.println(e.getMessage());
      err.flush();
      return ExitCode.USAGE;
    }
    if (fix) {
      return new FixRunner(out, err).apply(file, text, parsed, result, inPlace, fixOutput);
    }
    Reports.render(format, result, version(), out);
    if (format == ReportFormat.TEXT) {
      long errors = result.findings().stream().filter(f -> f.severity() == dev.stowage.dockerfile.lint.Severity.ERROR)
          .count();
      err.println(result.findings().isEmpty() ? "no findings"
          : result.findings().size() + " finding" + (result.findings().size() == 1 ? "" : "s") + ", " + errors
              + " at error level");
      err.flush();
    }
    return result.hasErrors() ? ExitCode.LINT_ERRORS : ExitCode.OK;
  }

  /** Accepts the format in any case ({@code json}, {@code JSON}). */
  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      try {
        return ReportFormat.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException("expected text, json or sarif, got '" + value + "'");
      }
    }
  }

  private Map<String, String> buildArgMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (String arg : buildArgs) {
      int eq = arg.indexOf('=');
      if (eq == 0) {
        throw CliException.usage("--build-arg needs KEY=VALUE or KEY, got an empty key");
      }
      if (eq > 0) {
        map.put(arg.substring(0, eq), arg.substring(eq + 1));
      } else {
        String fromEnv = System.getenv(arg);
        if (fromEnv != null) {
          map.put(arg, fromEnv);
        }
      }
    }
    return map;
  }

  private LintConfig options() {
    LintConfig config = LintConfig.defaults();
    for (String check : checks) {
      try {
        config = config.with(LintConfig.parse(check));
      } catch (LintConfigException e) {
        throw CliException.usage("--check " + check + ": " + e.getMessage());
      }
    }
    return config;
  }

  private static String version() {
    Properties p = new Properties();
    try (InputStream in = LintCommand.class.getResourceAsStream("/stowage-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }
}
