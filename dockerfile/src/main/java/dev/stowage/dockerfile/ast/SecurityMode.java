package dev.stowage.dockerfile.ast;

/** {@code RUN --security=insecure|sandbox}. */
public enum SecurityMode {
  INSECURE, SANDBOX
}
