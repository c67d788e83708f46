/**
 * {@code .dockerignore} matching with the semantics of moby/patternmatcher and its {@code ignorefile} reader, as
 * BuildKit applies them to the build context: patterns are cleaned paths, {@code *} and {@code ?} stay within one
 * path element, {@code **} spans any number, {@code !} re-includes, the last matching pattern wins, and a file is
 * excluded when it or one of its parent directories matches. Pure: no file system access.
 */
package dev.stowage.dockerfile.ignore;
