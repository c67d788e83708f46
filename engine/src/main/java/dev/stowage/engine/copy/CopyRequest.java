package dev.stowage.engine.copy;

import dev.stowage.dockerfile.ignore.DockerIgnore;
import dev.stowage.engine.plan.CopySource;
import dev.stowage.engine.plan.InlineFile;
import dev.stowage.engine.plan.PlannedStep;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One COPY or ADD to carry out on real directories.
 *
 * @param sourceRoot the build context, or the root of a stage's or image's filesystem (read only)
 * @param sourceKind whether the source is the build context (owners become root, .dockerignore applies)
 * @param dockerIgnore the context's .dockerignore ({@link DockerIgnore#none()} otherwise)
 * @param sources source paths or patterns as written, relative to the source root ({@code a/*.txt}, {@code /x},
 *     {@code .}); with {@code parents}, a {@code /./} marks where the kept parents start
 * @param inlineFiles here-documents copied as files named after their delimiters
 * @param destinationRoot the root of the filesystem being built (the mounted overlay)
 * @param destination absolute path in that filesystem; a trailing {@code /} says it is a directory
 * @param chown the owner of every copied entry, already resolved to numbers
 * @param chmod the mode change applied to every copied entry
 * @param parents {@code --parents}: keep each source's parent directories
 * @param excludes {@code --exclude} patterns, matched below each source
 * @param add ADD: local tar archives are unpacked
 */
public record CopyRequest(
    Path sourceRoot,
    SourceKind sourceKind,
    DockerIgnore dockerIgnore,
    List<String> sources,
    List<InlineFile> inlineFiles,
    Path destinationRoot,
    String destination,
    Optional<Owner> chown,
    Optional<ModeChange> chmod,
    boolean parents,
    List<String> excludes,
    boolean add) {

  /** Where the sources come from, which decides ownership and filtering. */
  public enum SourceKind {
    /** The build context: files become root-owned in the image and .dockerignore hides what it excludes. */
    CONTEXT,
    /** A stage's or image's filesystem: owners are kept. */
    FILESYSTEM
  }

  public CopyRequest {
    Objects.requireNonNull(sourceRoot, "sourceRoot");
    Objects.requireNonNull(sourceKind, "sourceKind");
    Objects.requireNonNull(dockerIgnore, "dockerIgnore");
    sources = List.copyOf(sources);
    inlineFiles = List.copyOf(inlineFiles);
    Objects.requireNonNull(destinationRoot, "destinationRoot");
    Objects.requireNonNull(destination, "destination");
    if (!destination.startsWith("/")) {
      throw new IllegalArgumentException("the destination must be absolute, got \"" + destination + "\"");
    }
    Objects.requireNonNull(chown, "chown");
    Objects.requireNonNull(chmod, "chmod");
    excludes = List.copyOf(excludes);
  }

  /** A plain COPY from the build context. */
  public static CopyRequest fromContext(Path context, DockerIgnore dockerIgnore, List<String> sources,
      Path destinationRoot, String destination) {
    return new CopyRequest(context, SourceKind.CONTEXT, dockerIgnore, sources, List.of(), destinationRoot,
        destination, Optional.empty(), Optional.empty(), false, List.of(), false);
  }

  /** A plain COPY from a stage's or image's root filesystem. */
  public static CopyRequest fromFilesystem(Path root, List<String> sources, Path destinationRoot,
      String destination) {
    return new CopyRequest(root, SourceKind.FILESYSTEM, DockerIgnore.none(), sources, List.of(), destinationRoot,
        destination, Optional.empty(), Optional.empty(), false, List.of(), false);
  }

  /**
   * The request for a planned COPY/ADD step: {@code --chown} names are resolved in the destination's
   * {@code /etc/passwd} and {@code /etc/group} (as BuildKit does), {@code --chmod} is parsed.
   *
   * @param sourceRoot the context directory for {@link CopySource.Context}, else the stage's or image's root
   * @param dockerIgnore the context's .dockerignore (ignored for other sources)
   * @throws CopyException for an unknown user or group or a malformed mode
   */
  public static CopyRequest forStep(PlannedStep.Copy step, Path sourceRoot, DockerIgnore dockerIgnore,
      Path destinationRoot) {
    return forStep(step, sourceRoot, dockerIgnore, destinationRoot, destinationRoot);
  }

  /**
   * As {@link #forStep(PlannedStep.Copy, Path, DockerIgnore, Path)}, with {@code --chown} names resolved in
   * {@code usersRoot}: for {@code COPY --link}, whose destination is an empty directory that becomes a layer of its
   * own, pass the stage's filesystem here.
   */
  public static CopyRequest forStep(PlannedStep.Copy step, Path sourceRoot, DockerIgnore dockerIgnore,
      Path destinationRoot, Path usersRoot) {
    boolean context = step.source() instanceof CopySource.Context;
    Optional<Owner> owner = step.chown().map(spec -> UserResolver.forRoot(usersRoot).chownOwner(spec));
    return new CopyRequest(sourceRoot, context ? SourceKind.CONTEXT : SourceKind.FILESYSTEM,
        context ? dockerIgnore : DockerIgnore.none(), step.sources(), step.inlineSources(), destinationRoot,
        step.destination(), owner, step.chmod().map(ModeChange::parse), step.parents(), step.excludes(),
        step.add());
  }

  public CopyRequest withChown(Owner value) {
    return new CopyRequest(sourceRoot, sourceKind, dockerIgnore, sources, inlineFiles, destinationRoot, destination,
        Optional.of(value), chmod, parents, excludes, add);
  }

  public CopyRequest withChmod(String value) {
    return new CopyRequest(sourceRoot, sourceKind, dockerIgnore, sources, inlineFiles, destinationRoot, destination,
        chown, Optional.of(ModeChange.parse(value)), parents, excludes, add);
  }

  public CopyRequest withParents(boolean value) {
    return new CopyRequest(sourceRoot, sourceKind, dockerIgnore, sources, inlineFiles, destinationRoot, destination,
        chown, chmod, value, excludes, add);
  }

  public CopyRequest withExcludes(List<String> value) {
    return new CopyRequest(sourceRoot, sourceKind, dockerIgnore, sources, inlineFiles, destinationRoot, destination,
        chown, chmod, parents, value, add);
  }

  public CopyRequest withAdd(boolean value) {
    return new CopyRequest(sourceRoot, sourceKind, dockerIgnore, sources, inlineFiles, destinationRoot, destination,
        chown, chmod, parents, excludes, value);
  }

  public CopyRequest withInlineFiles(List<InlineFile> value) {
    return new CopyRequest(sourceRoot, sourceKind, dockerIgnore, sources, value, destinationRoot, destination,
        chown, chmod, parents, excludes, add);
  }

  /** Whether the destination was written as a directory (a trailing {@code /}, {@code /.}). */
  public boolean destinationIsDirectory() {
    return destination.endsWith("/") || destination.endsWith("/.");
  }
}
