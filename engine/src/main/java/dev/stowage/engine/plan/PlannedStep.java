package dev.stowage.engine.plan;

import dev.stowage.dockerfile.ast.Instruction;
import java.util.List;
import java.util.Optional;

/**
 * A step that produces a layer. Metadata instructions (ENV, LABEL, CMD, ...) need no step: their effect is in
 * {@link StagePlan#image()} already. Each step's layer is the next non-empty history entry of the stage.
 */
public sealed interface PlannedStep {
  /** The instruction the step comes from (its line is where errors point). */
  Instruction instruction();

  /** The progress title, BuildKit style: {@code RUN apt-get update}, {@code COPY . /app}. */
  String title();

  /**
   * A RUN step, expanded and with its mounts resolved.
   *
   * @param argv the command (shell form already wrapped in the stage's SHELL)
   * @param env the process environment ({@code K=V}: image env, ARG values, proxy args), never secret values
   * @param workdir the working directory
   * @param user the USER value as written ({@code app}, {@code 1000:1000}), resolved against /etc/passwd at run
   * @param network {@code default}, {@code none} or {@code host}
   * @param insecure {@code --security=insecure}
   * @param inlineFiles here-documents to mount at {@code /dev/pipes/} (a single heredoc with a shebang)
   */
  record Run(
      Instruction instruction,
      String title,
      List<String> argv,
      List<String> env,
      String workdir,
      String user,
      String network,
      boolean insecure,
      List<PlannedMount> mounts,
      List<InlineFile> inlineFiles)
      implements PlannedStep {
    public Run {
      argv = List.copyOf(argv);
      env = List.copyOf(env);
      mounts = List.copyOf(mounts);
      inlineFiles = List.copyOf(inlineFiles);
    }

    public List<PlannedMount.Secret> secretMounts() {
      return mounts.stream().filter(PlannedMount.Secret.class::isInstance).map(PlannedMount.Secret.class::cast)
          .toList();
    }
  }

  /**
   * A COPY or ADD.
   *
   * @param sources source paths or patterns as written (expanded), relative to the source's root
   * @param inlineSources here-documents copied as files
   * @param destination absolute destination, with a trailing {@code /} when one was written (or for {@code .})
   * @param chown {@code --chown} as written (expanded), resolved against the destination's /etc/passwd
   * @param chmod {@code --chmod} (octal or symbolic)
   * @param add ADD: local tar archives are unpacked
   * @param user the USER in effect (BuildKit ignores it for COPY; kept for messages)
   */
  record Copy(
      Instruction instruction,
      String title,
      CopySource source,
      List<String> sources,
      List<InlineFile> inlineSources,
      String destination,
      Optional<String> chown,
      Optional<String> chmod,
      boolean link,
      boolean parents,
      List<String> excludes,
      boolean add,
      String user)
      implements PlannedStep {
    public Copy {
      sources = List.copyOf(sources);
      inlineSources = List.copyOf(inlineSources);
      excludes = List.copyOf(excludes);
    }
  }

  /** WORKDIR of a path other than {@code /}: {@code mkdir -p}, owned by the USER in effect. */
  record Workdir(Instruction instruction, String title, String path, String user) implements PlannedStep {}
}
