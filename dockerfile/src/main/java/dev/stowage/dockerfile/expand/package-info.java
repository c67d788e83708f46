/**
 * Word expansion with BuildKit {@code shell/lex.go} semantics ({@link dev.stowage.dockerfile.expand.ShellLexer}),
 * which instructions expand ({@link dev.stowage.dockerfile.expand.ExpansionRules}) and ARG/ENV scoping
 * ({@link dev.stowage.dockerfile.expand.VariableScopes}). Pure functions: new values out, the AST untouched.
 */
package dev.stowage.dockerfile.expand;
