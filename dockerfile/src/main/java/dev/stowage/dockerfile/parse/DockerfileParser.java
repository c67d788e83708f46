package dev.stowage.dockerfile.parse;

import dev.stowage.dockerfile.ast.Arg;
import dev.stowage.dockerfile.ast.Diagnostic;
import dev.stowage.dockerfile.ast.Directive;
import dev.stowage.dockerfile.ast.Directives;
import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.ast.From;
import dev.stowage.dockerfile.ast.Heredoc;
import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.ast.Keyword;
import dev.stowage.dockerfile.ast.Stage;
import dev.stowage.dockerfile.syntax.SourcePos;
import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses Dockerfile text into the immutable AST with BuildKit's dockerfile 1.x syntax. Pure and thread-safe: all
 * state lives in the call. Work is linear in the input size, so any input ends in a result or a
 * {@link DockerfileSyntaxException}.
 */
public final class DockerfileParser {
  private static final Pattern SUPPORTED_SYNTAX =
      Pattern.compile("^(docker\\.io/)?docker/dockerfile(-upstream)?:1(\\.[0-9]+)*(@sha256:[0-9a-f]{64})?$");

  private DockerfileParser() {}

  /**
   * Parses a Dockerfile.
   *
   * @param text the file content (a leading UTF-8 BOM and CRLF line endings are accepted)
   * @param fileName used in error messages, e.g. {@code Dockerfile}
   * @throws DockerfileSyntaxException with {@code <file>:<line>:<col>: <problem>} when the text is not a valid
   *     Dockerfile
   */
  public static ParseResult parse(String text, String fileName) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(fileName, "fileName");
    LineScanner scanner = new LineScanner(text);
    try {
      return new Run(scanner).parse();
    } catch (ParseProblem problem) {
      throw new DockerfileSyntaxException(fileName, problem.range(), problem.getMessage(), problem.hint(),
          scanner.physicalLine(problem.range().startLine()));
    }
  }

  /** One parse: the stages being assembled. */
  private static final class Run {
    private final LineScanner scanner;
    private final List<Diagnostic> warnings = new ArrayList<>();
    private final List<Arg> globalArgs = new ArrayList<>();
    private final List<Stage> stages = new ArrayList<>();
    private From currentFrom;
    private final List<Instruction> currentBody = new ArrayList<>();
    private SourceRange currentRange;
    private boolean sawInstruction;

    Run(LineScanner scanner) {
      this.scanner = scanner;
    }

    ParseResult parse() {
      LogicalLine line;
      while ((line = scanner.next()) != null) {
        add(instruction(line));
      }
      closeStage();
      if (!sawInstruction) {
        throw new ParseProblem("the Dockerfile has no instructions", SourceRange.line(Math.max(1,
            scanner.lineCount()), 0), "a Dockerfile starts with FROM <image>");
      }
      if (stages.isEmpty()) {
        throw new ParseProblem("the Dockerfile has no FROM instruction, so there is no stage to build",
            globalArgs.get(globalArgs.size() - 1).range(), "add FROM <image> after the ARG instructions");
      }
      List<Diagnostic> all = new ArrayList<>(scanner.warnings());
      Directives directives = new Directives(scanner.directives());
      directives.find("syntax").filter(d -> !SUPPORTED_SYNTAX.matcher(d.value()).matches())
          .ifPresent(this::warnSyntax);
      all.addAll(warnings);
      all.sort(Comparator.comparing((Diagnostic d) -> d.range().start()));
      Dockerfile dockerfile = new Dockerfile(directives, globalArgs, stages, all);
      return new ParseResult(dockerfile, all);
    }

    private void warnSyntax(Directive d) {
      warnings.add(new Diagnostic("SyntaxDirectiveIgnored", "the syntax directive '" + d.value()
          + "' is ignored: Stowage implements the docker/dockerfile:1 syntax itself", d.range()));
    }

    private Instruction instruction(LogicalLine line) {
      sawInstruction = true;
      String text = line.text();
      InstructionParser parser = new InstructionParser(line, scanner.escape(), warnings);
      InstructionParser.Head head = InstructionParser.split(text, 0, text.length());
      List<Heredoc> heredocs = mayHaveHeredocs(text, head) ? readHeredocs(line) : List.of();
      int lastLine = heredocs.isEmpty() ? line.lastLine() : heredocs.get(heredocs.size() - 1).range().endLine();
      SourcePos end = new SourcePos(lastLine, scanner.physicalLine(lastLine).length() + 1);
      SourcePos start = line.pos(head.start());
      SourceRange range = new SourceRange(start, end.compareTo(start) < 0 ? start : end);
      return parser.parse(0, text.length(), range, line.comments(), heredocs);
    }

    /** BuildKit reads heredocs only for RUN, COPY and ADD (also as ONBUILD triggers) in shell form. */
    private static boolean mayHaveHeredocs(String text, InstructionParser.Head head) {
      if (!text.contains("<<")) {
        return false;
      }
      Optional<Keyword> keyword = Keyword.lookup(head.keyword());
      if (keyword.filter(k -> k == Keyword.ONBUILD).isPresent()) {
        head = InstructionParser.split(text, head.argsStart(), head.argsEnd());
        keyword = Keyword.lookup(head.keyword());
      }
      if (keyword.isEmpty() || !keyword.get().acceptsHeredoc()) {
        return false;
      }
      String args = text.substring(head.argsStart(), head.argsEnd());
      return !(args.startsWith("[") && JsonArray.parse(args, 0) instanceof JsonArray.Strings);
    }

    private List<Heredoc> readHeredocs(LogicalLine line) {
      List<Heredoc> out = new ArrayList<>();
      int searchFrom = 0;
      for (HeredocMarkers.Marker marker : HeredocMarkers.inLine(line.text())) {
        int at = line.text().indexOf("<<", searchFrom);
        int markerStart = at < 0 ? 0 : at;
        searchFrom = at < 0 ? searchFrom : at + 2;
        SourceRange markerRange = line.range(markerStart, Math.min(line.text().length(), markerStart + 2
            + marker.name().length()));
        LineScanner.HeredocBody body = scanner.readHeredoc(marker.name(), marker.chomp(), markerRange);
        SourceRange range = new SourceRange(markerRange.start(),
            new SourcePos(body.terminatorLine(), scanner.physicalLine(body.terminatorLine()).length() + 1));
        out.add(new Heredoc(marker.name(), body.content(), marker.expand(), marker.chomp(), marker.fileDescriptor(),
            range));
      }
      return out;
    }

    private void add(Instruction instruction) {
      if (instruction instanceof From from) {
        closeStage();
        currentFrom = from;
        currentRange = from.range();
        return;
      }
      if (currentFrom == null) {
        if (instruction instanceof Arg arg) {
          globalArgs.add(arg);
          return;
        }
        throw new ParseProblem(instruction.keyword() + " before the first FROM: only ARG instructions may come"
            + " before FROM", instruction.range(), "start the build stage with FROM <image> above this line");
      }
      currentBody.add(instruction);
      currentRange = currentRange.union(instruction.range());
    }

    private void closeStage() {
      if (currentFrom == null) {
        return;
      }
      stages.add(new Stage(stages.size(), currentFrom.name(), currentFrom, currentBody, currentRange));
      currentBody.clear();
      currentFrom = null;
    }
  }
}
