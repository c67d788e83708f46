/**
 * Finding and masking secrets in output. {@link dev.stowage.secrets.redact.SecretMatcher} searches byte streams
 * for every secret value in use and its base64, hex, percent-encoded and JSON-escaped forms; {@link
 * dev.stowage.secrets.redact.RedactingOutputStream} masks them in console output; {@link
 * dev.stowage.secrets.redact.UrlRedactor} strips credentials and signed query parameters from URLs.
 */
package dev.stowage.secrets.redact;
