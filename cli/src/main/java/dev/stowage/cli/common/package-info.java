/**
 * What every command shares: exit codes, the CLI exception, the state-directory options, and the pieces commands
 * built with picocli's programmatic API need (field bindings, the help and version options).
 */
package dev.stowage.cli.common;
