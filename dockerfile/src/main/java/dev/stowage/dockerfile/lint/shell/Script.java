package dev.stowage.dockerfile.lint.shell;

import java.util.List;

/** A parsed list of statements: a whole RUN command, a group body or a command substitution. */
public record Script(List<Statement> statements) {
  public Script {
    statements = List.copyOf(statements);
  }

  /** One pipeline and the operator that ends it ({@code &&}, {@code ||}, {@code ;}, {@code &}, or empty). */
  public record Statement(List<Node> pipeline, String connector) {
    public Statement {
      pipeline = List.copyOf(pipeline);
    }
  }

  /** A stage of a pipeline. */
  public sealed interface Node permits Command, Group {
    List<Redirect> redirects();
  }

  /**
   * A simple command: leading {@code NAME=value} assignments, the words, and the redirections.
   */
  public record Command(List<ShellWord> assignments, List<ShellWord> words, List<Redirect> redirects)
      implements Node {
    public Command {
      assignments = List.copyOf(assignments);
      words = List.copyOf(words);
      redirects = List.copyOf(redirects);
    }
  }

  /**
   * A compound command whose body shares the group's redirections: {@code ( )}, {@code { }}, {@code if}, a loop.
   * {@code opaque} marks bodies the parser skipped ({@code case}).
   */
  public record Group(String kind, Script body, List<Redirect> redirects, boolean opaque) implements Node {
    public Group {
      redirects = List.copyOf(redirects);
    }
  }
}
