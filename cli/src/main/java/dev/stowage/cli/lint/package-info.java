/**
 * {@code stowage lint}: reads the Dockerfile and the build context, runs {@link dev.stowage.dockerfile.lint.Linter},
 * renders text, JSON lines or SARIF, and applies {@code --fix}.
 */
package dev.stowage.cli.lint;
