package dev.stowage.registry.auth;

import dev.stowage.secrets.SecretValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A registry login: a user name and a password (or, with the user name {@code <token>}, an identity token
 * that is exchanged for access tokens, as docker's credential helpers represent it). The password is a {@link
 * SecretValue}; {@link #toString()} shows the user name only.
 */
public record Credential(String username, SecretValue password) {
  /** The user name docker-credential-helpers use to mark an identity (refresh) token. */
  public static final String IDENTITY_TOKEN_USER = "<token>";

  public Credential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /** A credential from text that is a {@code String} already (read from a config file or a helper's output). */
  public static Credential of(String username, String password) {
    return new Credential(username, SecretValue.ofUtf8(password));
  }

  /** A credential from a typed password; the caller still owns (and should zero) {@code password}. */
  public static Credential of(String username, char[] password) {
    return new Credential(username, SecretValue.fromChars(password));
  }

  /** An OAuth2 identity (refresh) token, as {@code identitytoken} in config.json. */
  public static Credential identityToken(String token) {
    return of(IDENTITY_TOKEN_USER, token);
  }

  public boolean isIdentityToken() {
    return username.equals(IDENTITY_TOKEN_USER);
  }

  /** The value of an HTTP Basic Authorization header. */
  String basicAuthorization() {
    byte[] user = (username + ":").getBytes(StandardCharsets.UTF_8);
    byte[][] joined = new byte[1][];
    password.reveal(
        buffer -> {
          ByteBuffer copy = buffer.duplicate();
          byte[] all = new byte[user.length + copy.remaining()];
          System.arraycopy(user, 0, all, 0, user.length);
          copy.get(all, user.length, copy.remaining());
          joined[0] = all;
        });
    try {
      return "Basic " + Base64.getEncoder().encodeToString(joined[0]);
    } finally {
      Arrays.fill(joined[0], (byte) 0);
    }
  }

  /** The password as text, for the few places a protocol needs it so (a token request form, config.json). */
  String passwordText() {
    String[] text = new String[1];
    password.reveal(buffer -> text[0] = StandardCharsets.UTF_8.decode(buffer.duplicate()).toString());
    return text[0];
  }

  @Override
  public String toString() {
    return "Credential[" + username + ", ****]";
  }
}
