/** Source positions shared by the AST, the parser and diagnostics: 1-based lines and columns. */
package dev.stowage.dockerfile.syntax;
