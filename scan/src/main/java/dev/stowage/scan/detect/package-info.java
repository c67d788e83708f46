/**
 * The detectors of a scan, all built on {@code detect} (credential formats, credential files, secret-like names)
 * and on {@code secrets}' {@link dev.stowage.secrets.redact.SecretMatcher} (known values), the same ones lint and
 * the build guard use: streaming file content ({@link dev.stowage.scan.detect.ContentScanner}), the image config
 * ({@link dev.stowage.scan.detect.ConfigScanner}), keyed fingerprints and the history text.
 */
package dev.stowage.scan.detect;
