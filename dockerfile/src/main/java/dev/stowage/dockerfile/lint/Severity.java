package dev.stowage.dockerfile.lint;

import java.util.Locale;

/** How serious a finding is. Under {@code check=error=true} every reported finding counts as an error. */
public enum Severity {
  INFO, WARNING, ERROR;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
