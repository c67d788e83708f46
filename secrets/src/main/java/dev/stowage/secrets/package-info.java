/**
 * Build secrets as BuildKit defines them, kept out of every place a secret could leak to.
 *
 * <ul>
 *   <li>{@link dev.stowage.secrets.SecretSpecParser} reads {@code --secret} flags into {@link
 *       dev.stowage.secrets.SecretSpec}s (an id and a file or variable, no bytes);
 *   <li>{@link dev.stowage.secrets.ProvidedSecrets} checks them up front and reads each one once, on first use,
 *       into a {@link dev.stowage.secrets.SecretValue}, which never shows its bytes in a string and zero-fills
 *       them on close;
 *   <li>{@link dev.stowage.secrets.SecretFingerprint} gives a keyed HMAC of a secret's bytes, the only view of
 *       its content a cache key may take ({@code --secret-cache=by-content});
 *   <li>{@code secrets.tmpfs} puts secret bytes on disk-free file systems only, and cleans up after them;
 *   <li>{@code secrets.redact} finds secrets (and their encodings) in output and masks them.
 * </ul>
 *
 * JDK only.
 */
package dev.stowage.secrets;
