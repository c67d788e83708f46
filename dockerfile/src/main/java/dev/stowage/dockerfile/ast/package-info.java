/**
 * The immutable Dockerfile AST: {@link dev.stowage.dockerfile.ast.Dockerfile} holds the parser directives, the
 * global ARGs before the first FROM and the stages; every instruction is a record of the sealed
 * {@link dev.stowage.dockerfile.ast.Instruction} interface carrying its {@link dev.stowage.dockerfile.ast.Origin}
 * (source range, original text, flags, preceding comments). Arguments are kept unexpanded, as written; defaults
 * (mount modes, secret targets, ...) are applied by the planner, not here.
 */
package dev.stowage.dockerfile.ast;
