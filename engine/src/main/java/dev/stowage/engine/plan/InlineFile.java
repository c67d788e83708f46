package dev.stowage.engine.plan;

/** A here-document that becomes a file: a {@code COPY <<EOF /dest} source or a RUN script with a shebang. */
public record InlineFile(String name, String content) {}
