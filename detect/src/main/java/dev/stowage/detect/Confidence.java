package dev.stowage.detect;

/** How sure a credential match is, strongest first. */
public enum Confidence {
  /** A distinctive format: a prefix and structure only a credential has ({@code ghp_...}, PEM private keys). */
  FORMAT,
  /** A credential shape made certain by its surroundings (a 40-character string after {@code aws_secret_access_key=}, a URL password). */
  CONTEXTUAL,
  /** A keyword assignment whose value looks random ({@code password: M43x...}); no format behind it. */
  GENERIC;

  /** True when this confidence is at least as strong as {@code minimum}. */
  public boolean atLeast(Confidence minimum) {
    return ordinal() <= minimum.ordinal();
  }
}
