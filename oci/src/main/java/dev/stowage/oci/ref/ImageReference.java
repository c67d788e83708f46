package dev.stowage.oci.ref;

import dev.stowage.oci.Digest;
import dev.stowage.oci.OciFormatException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A fully qualified image reference: registry, repository, and a tag, a digest or both. Parsing follows the
 * grammar and the normalisation of {@code github.com/distribution/reference}: {@code busybox} is
 * {@code docker.io/library/busybox:latest}, {@code index.docker.io} is {@code docker.io}, and a first path
 * component is a registry only if it has a {@code .} or {@code :}, is {@code localhost}, or has upper case letters.
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<Digest> digest) {
  public static final String DOCKER_HUB = "docker.io";
  public static final String DEFAULT_TAG = "latest";
  private static final int MAX_NAME_LENGTH = 255;

  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern DOMAIN_NAME =
      Pattern.compile("(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*");
  private static final Pattern IPV6 = Pattern.compile("\\[[a-fA-F0-9:]+\\]");
  private static final Pattern PORT = Pattern.compile("[0-9]+");
  private static final Pattern ID = Pattern.compile("[a-f0-9]{64}");

  public ImageReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(digest, "digest");
    validate(registry + "/" + repository, registry, repository, tag);
  }

  /** Checks each part; {@code shown} is the text the user wrote, quoted in the message. */
  private static void validate(String shown, String registry, String repository, Optional<String> tag) {
    checkDomain(shown, registry);
    checkPath(shown, repository);
    int length = registry.length() + 1 + repository.length();
    if (length > MAX_NAME_LENGTH) {
      throw new InvalidReferenceException("invalid reference '" + shown + "': the repository name is "
          + length + " characters long, the limit is " + MAX_NAME_LENGTH);
    }
    tag.ifPresent(t -> checkTag(shown, t));
  }

  /**
   * Parses a reference as {@code docker pull} does, adding {@code docker.io}, {@code library/} and the tag
   * {@code latest} (only when there is neither a tag nor a digest).
   */
  public static ImageReference parse(String text) {
    Objects.requireNonNull(text, "reference");
    if (text.isEmpty()) {
      throw new InvalidReferenceException("invalid reference: it is empty");
    }
    if (ID.matcher(text).matches()) {
      throw new InvalidReferenceException("invalid reference '" + text
          + "': a 64-character hex string is an image ID, not a repository name; write sha256:" + text
          + " after a name and '@'");
    }
    if (!text.equals(text.strip())) {
      throw new InvalidReferenceException("invalid reference '" + text + "': it has leading or trailing spaces");
    }

    String rest = text;
    Optional<Digest> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      String digestText = rest.substring(at + 1);
      try {
        digest = Optional.of(Digest.parse(digestText));
      } catch (OciFormatException e) {
        throw new InvalidReferenceException("invalid reference '" + text + "': " + e.getMessage());
      }
      rest = rest.substring(0, at);
    }

    Optional<String> tag = Optional.empty();
    int lastSlash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
      tag = Optional.of(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
      if (tag.get().isEmpty()) {
        throw new InvalidReferenceException("invalid reference '" + text + "': the tag after ':' is empty");
      }
    }
    if (rest.isEmpty()) {
      throw new InvalidReferenceException("invalid reference '" + text + "': the repository name is missing");
    }

    String registry;
    String repository;
    int slash = rest.indexOf('/');
    String first = slash < 0 ? "" : rest.substring(0, slash);
    boolean firstIsRegistry =
        slash >= 0
            && (first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(Locale.ROOT)));
    if (firstIsRegistry) {
      registry = first;
      repository = rest.substring(slash + 1);
    } else {
      registry = DOCKER_HUB;
      repository = rest;
    }
    if (registry.equals("index.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
      repository = "library/" + repository;
    }
    if (!repository.equals(repository.toLowerCase(Locale.ROOT))) {
      throw new InvalidReferenceException(
          "invalid reference '" + text + "': repository name '" + repository + "' must be lower case");
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      tag = Optional.of(DEFAULT_TAG);
    }
    validate(text, registry, repository, tag);
    return new ImageReference(registry, repository, tag, digest);
  }

  /** {@code registry/repository}, e.g. {@code docker.io/library/busybox}. */
  public String name() {
    return registry + "/" + repository;
  }

  /** The reference with tag {@code tag} (and no digest). */
  public ImageReference withTag(String newTag) {
    return new ImageReference(registry, repository, Optional.of(newTag), Optional.empty());
  }

  /** The reference pinned to {@code newDigest}, keeping the tag for display. */
  public ImageReference withDigest(Digest newDigest) {
    return new ImageReference(registry, repository, tag, Optional.of(newDigest));
  }

  /**
   * The short form docker prints: {@code busybox:latest}, {@code user/app:1}, {@code localhost:5000/x:1}
   * (distribution's {@code FamiliarString}).
   */
  public String familiar() {
    String name = registry.equals(DOCKER_HUB)
        ? (repository.startsWith("library/") && repository.indexOf('/', 8) < 0 ? repository.substring(8) : repository)
        : name();
    return name + suffix();
  }

  /** The fully qualified form, e.g. {@code docker.io/library/busybox:latest}. */
  @Override
  public String toString() {
    return name() + suffix();
  }

  private String suffix() {
    return tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }

  private static void checkDomain(String input, String registry) {
    String host = registry;
    int colon = registry.lastIndexOf(':');
    if (colon >= 0 && !registry.endsWith("]")) {
      String port = registry.substring(colon + 1);
      if (!PORT.matcher(port).matches()) {
        throw new InvalidReferenceException("invalid reference '" + input + "': registry port '" + port
            + "' must be a number");
      }
      host = registry.substring(0, colon);
    }
    if (!DOMAIN_NAME.matcher(host).matches() && !IPV6.matcher(host).matches()) {
      throw new InvalidReferenceException("invalid reference '" + input + "': registry '" + registry
          + "' is not a valid host name");
    }
  }

  private static void checkPath(String input, String repository) {
    if (repository.isEmpty()) {
      throw new InvalidReferenceException("invalid reference '" + input + "': the repository path is empty");
    }
    for (String component : repository.split("/", -1)) {
      if (component.isEmpty()) {
        throw new InvalidReferenceException("invalid reference '" + input
            + "': the repository path has an empty component (a doubled or trailing '/')");
      }
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw new InvalidReferenceException("invalid reference '" + input + "': repository path component '"
            + component + "' must be lower-case letters and digits, separated by '.', '_', '__' or '-'");
      }
    }
  }

  private static void checkTag(String input, String tag) {
    if (!TAG.matcher(tag).matches()) {
      throw new InvalidReferenceException("invalid reference '" + input + "': tag '" + tag
          + "' must be at most 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'");
    }
  }
}
