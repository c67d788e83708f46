package dev.stowage.engine.solve;

import dev.stowage.dockerfile.ignore.DockerIgnore;
import dev.stowage.engine.copy.Copier;
import dev.stowage.engine.copy.CopyRequest;
import dev.stowage.engine.copy.Owner;
import dev.stowage.engine.copy.ResolvedUser;
import dev.stowage.engine.copy.ScopedPaths;
import dev.stowage.engine.copy.UserResolver;
import dev.stowage.engine.plan.PlannedStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@link StepFiles} with BuildKit's copy semantics ({@link Copier}) and passwd/group lookups. */
public final class CopierStepFiles implements StepFiles {
  private final DockerIgnore dockerIgnore;

  /** @param dockerIgnore the context's .dockerignore, applied to sources read from the context */
  public CopierStepFiles(DockerIgnore dockerIgnore) {
    this.dockerIgnore = dockerIgnore;
  }

  @Override
  public void copy(PlannedStep.Copy step, Path sourceRoot, boolean fromContext, Path destRoot) {
    Copier.copy(CopyRequest.forStep(step, sourceRoot, fromContext ? dockerIgnore : DockerIgnore.none(), destRoot));
  }

  @Override
  public void workdir(String path, String user, Path root) throws IOException {
    Owner owner = user.isEmpty() ? Owner.ROOT : UserResolver.forRoot(root).execUser(user).owner();
    // Create missing components one by one, inside the root, each owned by the user (BuildKit's Mkdir).
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    StringBuilder current = new StringBuilder();
    for (String part : parts) {
      current.append('/').append(part);
      Path dir = ScopedPaths.resolve(root, current.toString());
      if (Files.isDirectory(dir)) {
        continue;
      }
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("WORKDIR " + path + ": " + current + " exists and is not a directory");
      }
      Files.createDirectory(dir);
      Files.setPosixFilePermissions(dir, PosixModes.of(0755));
      if (owner.uid() != 0 || owner.gid() != 0) {
        Files.setAttribute(dir, "unix:uid", owner.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(dir, "unix:gid", owner.gid(), LinkOption.NOFOLLOW_LINKS);
      }
    }
  }

  @Override
  public ExecUser user(String user, Path root) {
    ResolvedUser resolved = UserResolver.forRoot(root).execUser(user);
    return new ExecUser(resolved.uid(), resolved.gid(), resolved.additionalGids());
  }
}
