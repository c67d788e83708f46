package dev.stowage.dockerfile.ast;

import java.util.Locale;
import java.util.Optional;

/** Every Dockerfile instruction keyword BuildKit knows. */
public enum Keyword {
  ADD, ARG, CMD, COPY, ENTRYPOINT, ENV, EXPOSE, FROM, HEALTHCHECK, LABEL, MAINTAINER, ONBUILD, RUN, SHELL,
  STOPSIGNAL, USER, VOLUME, WORKDIR;

  /** Case-insensitive (ASCII) lookup, as the Dockerfile syntax is. */
  public static Optional<Keyword> lookup(String text) {
    if (!text.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      return Optional.empty(); // ASCII only: Java's case mapping would accept e.g. a dotless i as I
    }
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
