package dev.stowage.dockerfile.lint;

/** BuildKit's build checks, with its names and messages. */
final class BuildChecks {
  private BuildChecks() {}

  static void run(LintContext ctx) {
  }
}
