package dev.stowage.engine.plan;

/** What a COPY or ADD (or a bind/cache mount's {@code from=}) reads from. */
public sealed interface CopySource {
  /** The build context, after .dockerignore. */
  record Context() implements CopySource {}

  /** The final filesystem of an earlier stage. */
  record Stage(int index) implements CopySource {}

  /** An image ({@code COPY --from=alpine:3}). */
  record Image(String reference) implements CopySource {}
}
