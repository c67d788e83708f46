package dev.stowage.dockerfile.lint.shell;

/** Something a RUN script does that matters to secrets, in the order it happens. */
public sealed interface FlowEvent {
  /** The command that did it, e.g. {@code cp}, {@code echo >}, {@code tee}, {@code set -x}. */
  String command();

  /** Secret content is written into a file of the layer. {@code path} is absolute when it could be resolved. */
  record Persisted(String path, String command, SecretSource source) implements FlowEvent {}

  /** Secret content reaches the build output (stdout/stderr of the RUN, or the shell's trace). */
  record Printed(String command, SecretSource source) implements FlowEvent {}

  /** A path is deleted ({@code rm}) or moved away ({@code mv}). */
  record Removed(String path, String command) implements FlowEvent {}

  /** A file is replaced with other content ({@code >}, {@code cp}, {@code mv}, {@code tee}). */
  record Overwritten(String path, String command) implements FlowEvent {}
}
