package dev.stowage.secrets;

import java.util.Objects;

/** One parsed {@code --secret} flag: which id, from where. Reading the bytes is {@link ProvidedSecrets}' job. */
public record SecretSpec(SecretId id, SecretSource source) {
  public SecretSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
  }
}
