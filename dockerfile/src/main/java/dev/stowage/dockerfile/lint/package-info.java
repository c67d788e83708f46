/**
 * The Dockerfile linter: rules as data ({@link dev.stowage.dockerfile.lint.Rule}, catalogued in
 * {@link dev.stowage.dockerfile.lint.Rules}), checks that run over the AST and, through
 * {@link dev.stowage.dockerfile.lint.ContextView}, the build context, and {@link dev.stowage.dockerfile.lint.Finding}s
 * that never hold a whole secret. Secret rules come first; BuildKit's build checks keep their names and messages.
 * Pure: all I/O is behind {@code ContextView}.
 */
package dev.stowage.dockerfile.lint;
