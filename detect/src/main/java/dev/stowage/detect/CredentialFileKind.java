package dev.stowage.detect;

/**
 * A kind of credential file recognised by its name: {@code id} is stable (used in findings), {@code title} is
 * for people, and {@code nameIsEnough} says whether the name alone makes it a credential when the content
 * cannot be read (an {@code id_rsa} is; a {@code .pem} may be only a certificate).
 */
public record CredentialFileKind(String id, String title, boolean nameIsEnough) {}
