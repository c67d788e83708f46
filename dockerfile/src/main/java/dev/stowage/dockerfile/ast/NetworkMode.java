package dev.stowage.dockerfile.ast;

/** {@code RUN --network=default|none|host}. */
public enum NetworkMode {
  DEFAULT, NONE, HOST
}
