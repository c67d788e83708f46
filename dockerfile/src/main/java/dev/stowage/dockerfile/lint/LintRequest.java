package dev.stowage.dockerfile.lint;

import dev.stowage.dockerfile.ast.Dockerfile;
import java.util.Map;
import java.util.Objects;

/**
 * What to lint.
 *
 * @param dockerfile the parsed Dockerfile
 * @param fileName its name as the user gave it (used in findings)
 * @param text its text (for exact positions and for {@code --fix})
 * @param buildArgs the {@code --build-arg} values; never printed
 * @param context the build context, or {@link ContextView#EMPTY}
 * @param options {@code --check} options, applied over the file's {@code # check=} directive
 */
public record LintRequest(Dockerfile dockerfile, String fileName, String text, Map<String, String> buildArgs,
    ContextView context, LintConfig options) {
  public LintRequest {
    Objects.requireNonNull(dockerfile, "dockerfile");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(text, "text");
    buildArgs = Map.copyOf(buildArgs);
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(options, "options");
  }

  @Override
  public String toString() {
    return "LintRequest[" + fileName + ", build args " + buildArgs.keySet() + "]"; // never the values
  }
}
