package dev.stowage.engine;

import dev.stowage.detect.SecretNames;
import dev.stowage.engine.plan.BuildPlan;
import dev.stowage.engine.plan.BuildRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Checks that run before any step: the build-arg policy and the secrets the plan requires. */
public final class Preflight {
  private Preflight() {}

  /**
   * Refuses a {@code --build-arg} whose name says it holds a secret (BuildKit's SecretsUsedInArgOrEnv words):
   * build args are written into the image history. The message shows the exact rewrite to a build secret.
   */
  public static void checkBuildArgs(BuildRequest request, boolean allowSecretArgs) {
    if (allowSecretArgs) {
      return;
    }
    List<String> flagged = request.buildArgs().keySet().stream().filter(SecretNames::isSecretLike).sorted().toList();
    if (flagged.isEmpty()) {
      return;
    }
    List<String> fix = new ArrayList<>();
    fix.add("build args are recorded in the image (docker history shows RUN |1 " + flagged.get(0)
        + "=...); pass them as build secrets instead:");
    StringBuilder flags = new StringBuilder("  stowage build");
    for (String name : flagged) {
      flags.append(" --secret id=").append(secretId(name)).append(",env=").append(name);
    }
    fix.add(flags.append(" ...").toString());
    fix.add("and in " + request.dockerfileName() + " drop the ARG and mount the secret in the RUN that needs it:");
    for (String name : flagged) {
      fix.add("  RUN --mount=type=secret,id=" + secretId(name) + ",env=" + name + " <command using $" + name + ">");
    }
    fix.add("(or pass --allow-secret-args to accept the risk: the value is then masked in history and every layer"
        + " is searched for it)");
    throw new BuildInputException("--build-arg " + String.join(", ", flagged) + (flagged.size() == 1 ? " looks"
        : " look") + " like a secret; refusing to record it in the image", fix);
  }

  /** BuildKit's convention: secret ids are lower case. */
  static String secretId(String argName) {
    return argName.toLowerCase(Locale.ROOT);
  }

  /** Every required secret the plan mounts that was not provided, reported at once with its lines. */
  public static void checkSecrets(BuildPlan plan, Set<String> provided, String dockerfileName) {
    Map<String, Set<Integer>> missing = new TreeMap<>();
    for (BuildPlan.SecretUse use : plan.secrets()) {
      if (use.required() && !provided.contains(use.id())) {
        missing.computeIfAbsent(use.id(), id -> new TreeSet<>()).add(use.line());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    List<String> details = new ArrayList<>();
    missing.forEach((id, lines) -> details.add("  " + id + ": required by " + dockerfileName + " line"
        + (lines.size() == 1 ? " " : "s ") + String.join(", ", lines.stream().map(String::valueOf).toList())
        + "; pass --secret id=" + id + ",src=FILE or --secret id=" + id + ",env=VAR"));
    throw new BuildInputException("missing required secret" + (missing.size() == 1 ? " " : "s ")
        + String.join(", ", missing.keySet()) + "; no step was run", details);
  }
}
