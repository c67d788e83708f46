package dev.stowage.secrets.redact;

/** The form in which a secret value was found. */
public enum SecretEncoding {
  /** The bytes as given. */
  RAW,
  /** Standard base64 (RFC 4648 section 4), padded or not, standalone or inside a longer base64 stream. */
  BASE64,
  /** URL-safe base64 (RFC 4648 section 5), padded or not, standalone or inside a longer stream. */
  BASE64_URL,
  /** Hexadecimal, all lower case or all upper case. */
  HEX,
  /** Percent-encoded as by RFC 3986, Go's {@code url.QueryEscape} or Java's {@code URLEncoder}. */
  URL_ENCODED,
  /** Inside a JSON string as Jackson or Go's {@code encoding/json} writes it. */
  JSON_ESCAPED
}
