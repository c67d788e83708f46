package dev.stowage.engine.plan;

/**
 * How build arguments appear in the history of a RUN step. BuildKit writes {@code RUN |1 TOKEN=value ...}, which
 * is how thousands of secrets leaked; Stowage records names only unless asked for BuildKit's exact text.
 */
public enum HistoryArgs {
  /** {@code RUN |1 TOKEN /bin/sh -c ...}: names only (the default). */
  NAMES,
  /** {@code RUN |1 TOKEN=value /bin/sh -c ...}: BuildKit's text, for tools that compare histories. */
  VALUES
}
