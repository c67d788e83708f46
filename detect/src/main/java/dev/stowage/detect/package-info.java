/**
 * What a secret looks like, in one place for lint, scan and the build guard. JDK only.
 *
 * <ul>
 *   <li>{@link dev.stowage.detect.SecretNames}: BuildKit's SecretsUsedInArgOrEnv word check, exactly, and a
 *       refinement that tells names holding a secret from names describing one;
 *   <li>{@link dev.stowage.detect.CredentialPatterns}: curated credential formats with ids, each match carrying its
 *       range and a redacted form ({@link dev.stowage.detect.CredentialMatch}), never the value;
 *   <li>{@link dev.stowage.detect.CredentialFiles}: credential files by name and path, confirmed by content when it
 *       is known ({@link dev.stowage.detect.FileAssessment});
 *   <li>{@link dev.stowage.detect.ValueShapes}: placeholders, references and harmless values;
 *       {@link dev.stowage.detect.Redaction}: text made safe to print.
 * </ul>
 */
package dev.stowage.detect;
