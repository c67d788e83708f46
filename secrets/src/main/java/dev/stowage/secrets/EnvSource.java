package dev.stowage.secrets;

/** A secret read from an environment variable of the Stowage process ({@code env=}). */
public record EnvSource(String name) implements SecretSource {
  public EnvSource {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("an environment variable name must not be empty");
    }
    if (name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "'" + name.replace("\0", "\\0") + "' is not a valid environment variable name: it contains '=' or NUL");
    }
  }

  @Override
  public String describe() {
    return "environment variable " + name;
  }
}
