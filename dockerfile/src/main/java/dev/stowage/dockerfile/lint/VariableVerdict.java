package dev.stowage.dockerfile.lint;

import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.syntax.SourceRange;

/**
 * Why an ARG or ENV variable carries a secret.
 *
 * @param instruction the ARG or ENV
 * @param name the variable
 * @param range where the declaration is written
 * @param reason one phrase for the message, never the value
 * @param match redacted evidence
 * @param fromBuildArg true when the secret comes from a {@code --build-arg} value
 * @param literalCredential true when a credential format is written in the Dockerfile itself (a default or ENV value)
 * @param credentialTitle the credential format found, or empty
 */
record VariableVerdict(Instruction instruction, String name, SourceRange range, String reason, String match,
    boolean fromBuildArg, boolean literalCredential, String credentialTitle) {}
