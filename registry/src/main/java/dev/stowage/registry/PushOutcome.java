package dev.stowage.registry;

/** How a blob reached the target repository. */
public enum PushOutcome {
  /** The repository already had it (a HEAD found it). */
  EXISTED,
  /** The registry linked it from another repository (a cross-repository mount). */
  MOUNTED,
  /** Its bytes were uploaded. */
  UPLOADED
}
