package dev.stowage.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A registry operation failed. Every variant carries the action ("pulling manifest localhost:5000/a/b:1"), the
 * redacted URL of the request that failed, the HTTP status (0 when no response came), the registry's own error
 * codes, and whether trying again later may succeed. The message is one line and never contains a credential,
 * a token or a signed query string: URLs are redacted before they get here.
 */
public abstract sealed class RegistryException extends RuntimeException
    permits RegistryException.Unauthorized,
        RegistryException.Denied,
        RegistryException.NotFound,
        RegistryException.TooManyRequests,
        RegistryException.Unavailable,
        RegistryException.Rejected,
        RegistryException.ProtocolViolation {

  private final Failure failure;

  private RegistryException(Failure failure, String reason, Throwable cause) {
    super(render(failure, reason), cause);
    this.failure = failure;
  }

  /** What we were doing, e.g. "pushing blob sha256:ab12... to localhost:5000/app". */
  public String action() {
    return failure.action();
  }

  /** The redacted URL of the failed request, when there was one. */
  public Optional<String> redactedUrl() {
    return Optional.ofNullable(failure.redactedUrl());
  }

  /** The HTTP status of the response, or 0 when none was received. */
  public int statusCode() {
    return failure.statusCode();
  }

  /** The registry's diagnostics from the error body, possibly empty. */
  public List<RegistryError> errors() {
    return failure.errors();
  }

  /** Whether trying again later may succeed (rate limits, outages, broken connections). */
  public abstract boolean isTemporary();

  /**
   * The context of a failed request, shared by every variant.
   *
   * @param method the HTTP method, or null when the failure is not about one request
   * @param redactedUrl the URL after redaction, or null
   */
  public record Failure(
      String action, String method, String redactedUrl, int statusCode, List<RegistryError> errors) {
    public Failure {
      Objects.requireNonNull(action, "action");
      errors = List.copyOf(errors);
    }

    /** A failure that is not about one HTTP exchange (e.g. a missing platform in an index). */
    public static Failure of(String action) {
      return new Failure(action, null, null, 0, List.of());
    }
  }

  private static String render(Failure failure, String reason) {
    StringBuilder line = new StringBuilder(failure.action()).append(": ").append(reason);
    if (!failure.errors().isEmpty()) {
      line.append(" (registry said: ");
      for (int i = 0; i < failure.errors().size(); i++) {
        line.append(i == 0 ? "" : "; ").append(failure.errors().get(i));
      }
      line.append(')');
    }
    if (failure.redactedUrl() != null) {
      line.append(" [");
      if (failure.method() != null) {
        line.append(failure.method()).append(' ');
      }
      line.append(failure.redactedUrl());
      if (failure.statusCode() > 0) {
        line.append(" -> ").append(failure.statusCode());
      }
      line.append(']');
    }
    // One line, always: registries' messages may contain newlines.
    return line.toString().replaceAll("[\\r\\n]+", " ");
  }

  /** 401: no credentials, or the registry did not accept them. */
  public static final class Unauthorized extends RegistryException {
    public Unauthorized(Failure failure, String reason) {
      super(failure, reason, null);
    }

    @Override
    public boolean isTemporary() {
      return false;
    }
  }

  /** 403: the credentials were accepted but do not allow this action on this repository. */
  public static final class Denied extends RegistryException {
    public Denied(Failure failure, String reason) {
      super(failure, reason, null);
    }

    @Override
    public boolean isTemporary() {
      return false;
    }
  }

  /** 404 or a NAME_UNKNOWN / MANIFEST_UNKNOWN / BLOB_UNKNOWN diagnostic; also a platform missing from an index. */
  public static final class NotFound extends RegistryException {
    public NotFound(Failure failure, String reason) {
      super(failure, reason, null);
    }

    @Override
    public boolean isTemporary() {
      return false;
    }
  }

  /** 429 after our bounded retries, or with a Retry-After longer than we are willing to wait. */
  public static final class TooManyRequests extends RegistryException {
    public TooManyRequests(Failure failure, String reason) {
      super(failure, reason, null);
    }

    @Override
    public boolean isTemporary() {
      return true;
    }
  }

  /** 5xx, a refused or broken connection, or a timeout, after our bounded retries. */
  public static final class Unavailable extends RegistryException {
    public Unavailable(Failure failure, String reason, Throwable cause) {
      super(failure, reason, cause);
    }

    @Override
    public boolean isTemporary() {
      return true;
    }
  }

  /** Any other 4xx: the registry refused the request as invalid (e.g. MANIFEST_INVALID, unsupported). */
  public static final class Rejected extends RegistryException {
    public Rejected(Failure failure, String reason) {
      super(failure, reason, null);
    }

    @Override
    public boolean isTemporary() {
      return false;
    }
  }

  /** The registry answered something the protocol does not allow (a missing header, unparseable JSON...). */
  public static sealed class ProtocolViolation extends RegistryException permits DigestMismatch {
    public ProtocolViolation(Failure failure, String reason) {
      super(failure, reason, null);
    }

    public ProtocolViolation(Failure failure, String reason, Throwable cause) {
      super(failure, reason, cause);
    }

    @Override
    public boolean isTemporary() {
      return false;
    }
  }

  /** The content received does not match the digest or size it was asked for (corrupt or truncated). */
  public static final class DigestMismatch extends ProtocolViolation {
    public DigestMismatch(Failure failure, String reason) {
      super(failure, reason);
    }
  }
}
