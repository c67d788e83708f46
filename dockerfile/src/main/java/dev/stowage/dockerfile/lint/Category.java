package dev.stowage.dockerfile.lint;

/** What a rule protects. */
public enum Category {
  /** A secret can leak into the image, its history or the build log. */
  SECRETS,
  /** BuildKit's build checks ({@code docker build --check}): correctness and style. */
  BUILD_CHECKS
}
