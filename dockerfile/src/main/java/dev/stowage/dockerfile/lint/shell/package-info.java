/**
 * Just enough POSIX shell to follow a secret through a RUN command: a tolerant parser of simple commands,
 * pipelines, lists, groups ({@code ( )}, {@code { }}, {@code if}, loops), quotes, parameter expansion, command
 * substitution and redirections ({@link dev.stowage.dockerfile.lint.shell.ShellParser}), and a taint analysis
 * ({@link dev.stowage.dockerfile.lint.shell.SecretFlow}) that reports where secret content is written to a file or
 * printed to the build log. Unknown commands are assumed to consume a secret, never to print or store it: the
 * analysis prefers a missed leak to a false alarm. Pure; no dependency on the lint engine.
 */
package dev.stowage.dockerfile.lint.shell;
