package dev.stowage.cli.scan;

import dev.stowage.cli.common.CliException;
import dev.stowage.cli.common.ExitCode;
import dev.stowage.engine.store.StateDir;
import dev.stowage.oci.Platform;
import dev.stowage.registry.RegistryHosts;
import dev.stowage.registry.auth.DockerConfig;
import dev.stowage.registry.auth.ProcessCommandRunner;
import dev.stowage.registry.client.DistributionClient;
import dev.stowage.scan.ScanReport;
import dev.stowage.scan.detect.Fingerprinter;
import dev.stowage.scan.input.ImageInput;
import dev.stowage.scan.input.ImageOpener;
import dev.stowage.scan.input.ScanInputException;
import dev.stowage.scan.input.ScanTarget;
import dev.stowage.scan.layer.LayerLimits;
import dev.stowage.scan.report.Baseline;
import dev.stowage.scan.report.ReportFormat;
import dev.stowage.scan.report.Reports;
import dev.stowage.scan.walk.ImageScanner;
import dev.stowage.secrets.ProvidedSecrets;
import dev.stowage.secrets.SecretSpec;
import dev.stowage.secrets.SecretSpecParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code stowage scan}: finds leaked secrets in an image, layer by layer. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
      "Find leaked secrets in an image. Every layer is searched one at a time, so a",
      "file that a later layer deleted or overwrote is still found; Env, Labels and",
      "the history (with its build arguments) are searched too. Finds the values you",
      "pass (--secret, --known-values) raw, base64, hex, url-encoded or JSON-escaped;",
      "credential formats; credential files; secret-named variables; secret-mount",
      "stubs. Reports never hold a secret: a prefix, the length and a fingerprint.",
      "",
      "IMAGE: docker-archive:PATH[:NAME], oci-archive:PATH[:NAME], oci:DIR[:NAME],",
      "registry://REF, docker-daemon:REF, a path, or a name in the local store",
      "(else pulled from its registry).",
      "",
      "Exit status: 0 nothing found, 1 the image could not be read, 2 bad input,",
      "4 secrets found."
    })
public final class ScanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to scan.")
  String image;

  @Option(names = "--secret", paramLabel = "id=ID[,src=FILE|env=VAR]",
      description = "A secret value to look for, given as to 'stowage build' (repeatable).")
  List<String> secrets = new ArrayList<>();

  @Option(names = "--known-values", paramLabel = "FILE",
      description = "A file of secret values to look for, one per line (repeatable).")
  List<Path> knownValueFiles = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
      description = "Output format: text, json (one finding per line) or sarif (default: ${DEFAULT-VALUE}).")
  ReportFormat format = ReportFormat.TEXT;

  @Option(names = "--baseline", paramLabel = "FILE",
      description = "Accept the findings of an earlier '--format json' report: only new ones are reported.")
  Path baseline;

  @Option(names = "--fingerprint-key", paramLabel = "FILE",
      description = "The key of the fingerprints (created when missing; default:"
          + " $XDG_CONFIG_HOME/stowage/fingerprint.key). Use the same key to compare reports or use a baseline.")
  Path fingerprintKey;

  @Option(names = "--root", paramLabel = "DIR",
      description = "The state directory whose local store names are looked up (default: as for build).")
  Path root;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "The image to pick from a multi-platform index or archive (default: this machine's).")
  String platform;

  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
      description = "A registry to reach over plain HTTP (repeatable).")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(names = "--max-layer-ratio", paramLabel = "N", defaultValue = "" + LayerLimits.DEFAULT_RATIO,
      description = "Refuse a compressed layer that expands more than N times (and past 1 GiB) as a"
          + " decompression bomb (default: ${DEFAULT-VALUE}).")
  int maxLayerRatio = LayerLimits.DEFAULT_RATIO;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (maxLayerRatio < 1) {
      throw CliException.usage("--max-layer-ratio must be at least 1");
    }
    ImageInput input = input();
    Platform wanted = platform();
    Baseline accepted = baseline == null ? Baseline.empty() : Baseline.load(baseline);
    List<String> notes = new ArrayList<>();
    Fingerprinter fingerprints = fingerprinter(notes);
    List<SecretSpec> specs = new ArrayList<>();
    for (String secret : secrets) {
      specs.add(SecretSpecParser.parse(secret, System.getenv()));
    }
    ScanReport report;
    try (ProvidedSecrets provided = ProvidedSecrets.open(specs);
        KnownValueSources sources = KnownValueSources.read(provided, knownValueFiles)) {
      ImageOpener opener = new ImageOpener(root != null ? root : StateDir.defaultRoot(), this::registry, wanted,
          dockerCommand());
      try (ScanTarget target = opener.open(input)) {
        report = new ImageScanner(sources.values(), fingerprints,
            new LayerLimits(LayerLimits.DEFAULT_FLOOR, maxLayerRatio))
            .scan(target);
      }
    } catch (ScanInputException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage(), e);
    }
    report = accepted.apply(report);
    Reports.render(format, report, version(), out);
    notes.forEach(n -> err.println("warning: " + n));
    for (String warning : report.warnings()) {
      err.println("warning: " + warning);
    }
    if (format == ReportFormat.TEXT) {
      err.println(Summary.of(report));
    }
    err.flush();
    return report.findings().isEmpty() ? ExitCode.OK : ExitCode.LEAK;
  }

  private ImageInput input() {
    try {
      return ImageInput.parse(image);
    } catch (ScanInputException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage(), e);
    }
  }

  private Platform platform() {
    if (platform == null) {
      return Platform.host();
    }
    try {
      return Platform.parse(platform);
    } catch (RuntimeException e) {
      throw CliException.usage("--platform " + platform + ": " + e.getMessage());
    }
  }

  /**
   * The fingerprint key: the file given, else the default file, created on first use. When the default place
   * cannot be written (a read-only home in CI), fingerprints fall back to a key of this run only.
   */
  private Fingerprinter fingerprinter(List<String> notes) {
    if (fingerprintKey != null) {
      return Fingerprinter.fromKeyFile(fingerprintKey);
    }
    try {
      return Fingerprinter.fromKeyFile(keyFile());
    } catch (dev.stowage.scan.ScanException e) {
      notes.add(e.getMessage() + "; fingerprints hold for this run only" + (baseline != null
          ? ", so baseline entries with a fingerprint match nothing" : ""));
      return Fingerprinter.ephemeral();
    }
  }

  private Path keyFile() {
    if (fingerprintKey != null) {
      return fingerprintKey;
    }
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("stowage").resolve("fingerprint.key");
  }

  private DistributionClient registry() {
    return DistributionClient.builder()
        .hosts(new RegistryHosts(new HashSet<>(insecureRegistries)))
        .credentials(DockerConfig.fromEnvironment(ProcessCommandRunner.fromEnvironment()))
        .build();
  }

  private static List<String> dockerCommand() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "docker"))) {
        return List.of(Path.of(dir, "docker").toString());
      }
    }
    return List.of();
  }

  /** Accepts the format in any case ({@code json}, {@code JSON}). */
  static final class FormatConverter implements ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      try {
        return ReportFormat.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected text, json or sarif, got '" + value + "'");
      }
    }
  }

  private static String version() {
    Properties p = new Properties();
    try (InputStream in = ScanCommand.class.getResourceAsStream("/stowage-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }
}
