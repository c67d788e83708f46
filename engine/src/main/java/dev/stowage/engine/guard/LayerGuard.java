package dev.stowage.engine.guard;

import dev.stowage.oci.archive.ContentObserver;
import dev.stowage.oci.archive.TarHeader;
import dev.stowage.secrets.redact.SecretMatch;
import dev.stowage.secrets.redact.SecretMatcher;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Watches a layer as it is written and fails it when a secret value in use by the build shows up, raw or encoded,
 * in an entry's name, link target, xattrs or content (matches across buffer boundaries included). The layer writer
 * then discards the blob, so a leaking layer never reaches the store. (The solver runs it on an
 * {@link dev.stowage.oci.archive.ObserverThread}, so the failure reaches the writer at its next call.)
 */
public final class LayerGuard implements ContentObserver {
  private final SecretMatcher matcher;
  private final String origin;
  private SecretMatcher.Session session;
  private String path = "";

  /**
   * @param origin where the layer comes from, for the message: {@code Dockerfile:7 (RUN cp ...)}
   */
  public LayerGuard(SecretMatcher matcher, String origin) {
    this.matcher = matcher;
    this.origin = origin;
  }

  @Override
  public void startEntry(TarHeader header) {
    path = header.path();
    check(matcher.findAll(header.path().getBytes(StandardCharsets.UTF_8)), "the path of ");
    if (!header.linkTarget().isEmpty()) {
      check(matcher.findAll(header.linkTarget().getBytes(StandardCharsets.UTF_8)), "the link target of ");
    }
    header.xattrs().forEach(x -> check(matcher.findAll(x.value()), "an extended attribute of "));
    session = matcher.newSession();
  }

  @Override
  public void content(byte[] buffer, int offset, int length) {
    if (session != null) {
      check(session.feed(buffer, offset, length), "");
    }
  }

  @Override
  public void endEntry(TarHeader header) {
    session = null;
  }

  private void check(List<SecretMatch> matches, String part) {
    if (!matches.isEmpty()) {
      SecretMatch match = matches.get(0);
      throw new LeakDetectedException(match.id().value(), match.encoding().name().toLowerCase(Locale.ROOT),
          part + "/" + path + " in the layer", origin);
    }
  }
}
