package dev.stowage.secrets;

/** Where the bytes of a provided secret come from. Holds a location, never the bytes. */
public sealed interface SecretSource permits FileSource, EnvSource {
  /** How the source reads in a message: {@code file /home/me/.npmrc} or {@code environment variable TOKEN}. */
  String describe();
}
