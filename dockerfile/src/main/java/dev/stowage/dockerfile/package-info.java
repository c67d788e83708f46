/** The Dockerfile front end: syntax, AST, parsing, word expansion and lint. JDK only. */
package dev.stowage.dockerfile;
