/**
 * COPY and ADD on real directories, with BuildKit's semantics: {@link dev.stowage.engine.copy.Copier} copies from a
 * source root (the build context, or a stage's or image's filesystem) into a destination root, resolving every path
 * inside its root ({@link dev.stowage.engine.copy.ScopedPaths}); {@link dev.stowage.engine.copy.UserResolver} turns
 * {@code --chown} and {@code USER} values into numbers with the image's {@code /etc/passwd} and {@code /etc/group}.
 */
package dev.stowage.engine.copy;
