package dev.stowage.dockerfile.lint;

import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.ignore.DockerIgnore;
import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Shared state of one lint run: the request, what the walk found, and the findings reported so far. */
final class LintContext {
  /** A finding before configuration and redaction are applied. */
  record Reported(Rule rule, Instruction instruction, SourceRange range, String message, Optional<String> hint,
      String match) {}

  final LintRequest request;
  final SourceText source;
  final ScopeWalker.Facts facts;
  final DockerIgnore ignore;
  final List<Reported> reported = new ArrayList<>();
  final Set<String> sensitive = new LinkedHashSet<>();

  LintContext(LintRequest request) {
    this.request = request;
    this.source = new SourceText(request.text());
    this.facts = ScopeWalker.walk(request.dockerfile(), request.buildArgs());
    this.ignore = request.context().dockerignore()
        .map(text -> DockerIgnore.parse(text, ".dockerignore"))
        .orElse(DockerIgnore.none());
    sensitive.addAll(request.buildArgs().values());
    sensitive.addAll(facts.sensitiveValues());
  }

  Scope scope(Instruction instruction) {
    return facts.scope(instruction);
  }

  String expand(String raw, Instruction instruction) {
    Scope scope = scope(instruction);
    return scope == null ? raw : facts.expand(raw, scope);
  }

  void report(Rule rule, Instruction instruction, SourceRange range, String message, String hint, String match) {
    reported.add(new Reported(rule, instruction, range, message, Optional.ofNullable(hint), match));
  }

  void report(Rule rule, Instruction instruction, String message, String hint, String match) {
    report(rule, instruction, instruction.range(), message, hint, match);
  }
}
