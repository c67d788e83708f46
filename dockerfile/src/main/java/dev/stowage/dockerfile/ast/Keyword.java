package dev.stowage.dockerfile.ast;

import java.util.Locale;
import java.util.Optional;

/** Every Dockerfile instruction keyword BuildKit knows. */
public enum Keyword {
  ADD, ARG, CMD, COPY, ENTRYPOINT, ENV, EXPOSE, FROM, HEALTHCHECK, LABEL, MAINTAINER, ONBUILD, RUN, SHELL,
  STOPSIGNAL, USER, VOLUME, WORKDIR;

  /** Case-insensitive lookup, as the Dockerfile syntax is. */
  public static Optional<Keyword> lookup(String text) {
    try {
      return Optional.of(valueOf(text.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException notAKeyword) {
      return Optional.empty();
    }
  }

  /** Whether a heredoc ({@code <<EOF}) may follow this keyword (BuildKit: RUN, COPY, ADD). */
  public boolean acceptsHeredoc() {
    return this == RUN || this == COPY || this == ADD;
  }
}
