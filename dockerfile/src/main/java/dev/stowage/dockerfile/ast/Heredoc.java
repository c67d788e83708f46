package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A here-document attached to RUN, COPY or ADD.
 *
 * @param name the delimiter word with its quotes removed, e.g. {@code EOF}
 * @param content the body exactly as written, each line with its line ending, without the terminator line
 * @param expand false when the delimiter was quoted ({@code <<"EOF"}, {@code <<'EOF'}): no variable expansion
 * @param chomp true for {@code <<-EOF}: leading tabs are stripped from every body line (see {@link #body()})
 * @param fileDescriptor the number written before {@code <<} (e.g. {@code 3<<EOF}), 0 when absent
 * @param range from the marker's line to the terminator line
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp, int fileDescriptor,
    SourceRange range) {
  private static final Pattern LEADING_TABS = Pattern.compile("(?m)^\t+");

  public Heredoc {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(range, "range");
  }

  /** The content as the build uses it: with leading tabs removed when {@link #chomp()} is set. */
  public String body() {
    return chomp ? LEADING_TABS.matcher(content).replaceAll("") : content;
  }
}
