/**
 * Dockerfile text to AST: {@link dev.stowage.dockerfile.parse.DockerfileParser} with BuildKit's dockerfile 1.x
 * syntax (directives, continuations, heredocs, JSON and shell forms, every instruction and flag). Syntax errors
 * are {@link dev.stowage.dockerfile.parse.DockerfileSyntaxException}s that point at a line and column.
 */
package dev.stowage.dockerfile.parse;
