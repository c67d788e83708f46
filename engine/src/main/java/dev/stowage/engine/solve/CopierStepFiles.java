package dev.stowage.engine.solve;

import dev.stowage.dockerfile.ignore.DockerIgnore;
import dev.stowage.engine.copy.Copier;
import dev.stowage.engine.copy.CopyRequest;
import dev.stowage.engine.copy.FileHashCache;
import dev.stowage.engine.copy.Owner;
import dev.stowage.engine.copy.ResolvedUser;
import dev.stowage.engine.copy.UserResolver;
import dev.stowage.engine.copy.ModeChange;
import dev.stowage.engine.plan.PlannedStep;
import dev.stowage.oci.Digest;
import java.util.List;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link StepFiles} with BuildKit's copy semantics ({@link Copier}) and passwd/group lookups. Context digests use
 * a {@link FileHashCache} when given one, so a rebuild reads only the context files whose stat changed.
 */
public final class CopierStepFiles implements StepFiles {
  private final DockerIgnore dockerIgnore;
  private final FileHashCache hashes;

  /** @param dockerIgnore the context's .dockerignore, applied to sources read from the context */
  public CopierStepFiles(DockerIgnore dockerIgnore) {
    this(dockerIgnore, null);
  }

  /**
   * @param dockerIgnore the context's .dockerignore, applied to sources read from the context
   * @param hashes the content hashes of the context's files (saved by the caller after the build), or null
   */
  public CopierStepFiles(DockerIgnore dockerIgnore, FileHashCache hashes) {
    this.dockerIgnore = dockerIgnore;
    this.hashes = hashes;
  }

  @Override
  public void copy(PlannedStep.Copy step, Path sourceRoot, boolean fromContext, Path destRoot, Path usersRoot) {
    CopyRequest request = CopyRequest.forStep(step, sourceRoot, fromContext ? dockerIgnore : DockerIgnore.none(),
        destRoot, usersRoot);
    if (fromContext && hashes != null) {
      Copier.copy(request, hashes);
    } else {
      Copier.copy(request);
    }
  }

  @Override
  public Digest contextDigest(PlannedStep.Copy step, Path context) {
    // --chown is keyed as written (its names resolve in the parent, which the parent key covers).
    return digest(new CopyRequest(context, CopyRequest.SourceKind.CONTEXT, dockerIgnore, step.sources(),
        step.inlineSources(), context, step.destination(), Optional.empty(), step.chmod().map(ModeChange::parse),
        step.parents(), step.excludes(), step.add()));
  }

  @Override
  public Digest contextDigest(String path, Path context) {
    return digest(new CopyRequest(context, CopyRequest.SourceKind.CONTEXT, dockerIgnore,
        List.of(path.isEmpty() ? "." : path), List.of(), context, "/", Optional.empty(), Optional.empty(), false,
        List.of(), false));
  }

  private Digest digest(CopyRequest request) {
    return hashes == null ? Copier.digest(request) : Copier.digest(request, hashes);
  }

  @Override
  public void workdir(String path, String user, Path root) {
    // BuildKit resolves WORKDIR's owner like --chown (user-workdir-copy-ownership: /opt becomes 1000:1000).
    Optional<Owner> owner = user.isEmpty() ? Optional.empty()
        : Optional.of(UserResolver.forRoot(root).chownOwner(user));
    Copier.makeDirectories(root, path, owner);
  }

  @Override
  public ExecUser user(String user, Path root) {
    ResolvedUser resolved = UserResolver.forRoot(root).execUser(user);
    return new ExecUser(resolved.uid(), resolved.gid(), resolved.additionalGids());
  }
}
