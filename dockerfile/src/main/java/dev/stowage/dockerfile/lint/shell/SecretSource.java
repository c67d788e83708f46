package dev.stowage.dockerfile.lint.shell;

/**
 * Where secret content comes from, as a finding names it.
 *
 * @param label for people, e.g. {@code secret "npmrc"} or {@code build argument NPM_TOKEN}; never a value
 * @param mount true for a {@code --mount=type=secret} (file or {@code env=}), false for an ARG or ENV variable
 */
public record SecretSource(String label, boolean mount) {}
