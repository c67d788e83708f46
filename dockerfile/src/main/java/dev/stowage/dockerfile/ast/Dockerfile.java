package dev.stowage.dockerfile.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed Dockerfile.
 *
 * @param directives the parser directives at the top
 * @param globalArgs the ARG instructions before the first FROM (the only instructions allowed there)
 * @param stages at least one stage
 * @param warnings the parser's non-fatal findings, in file order
 */
public record Dockerfile(Directives directives, List<Arg> globalArgs, List<Stage> stages,
    List<Diagnostic> warnings) {
  public Dockerfile {
    Objects.requireNonNull(directives, "directives");
    globalArgs = List.copyOf(globalArgs);
    stages = List.copyOf(stages);
    warnings = List.copyOf(warnings);
  }

  /** Every instruction in file order with its stage: global ARGs first, then each stage's FROM and body. */
  public List<InstructionRef> instructions() {
    List<InstructionRef> all = new ArrayList<>();
    for (Arg arg : globalArgs) {
      all.add(new InstructionRef(arg, Optional.empty()));
    }
    for (Stage stage : stages) {
      Optional<Stage> owner = Optional.of(stage);
      for (Instruction instruction : stage.instructions()) {
        all.add(new InstructionRef(instruction, owner));
      }
    }
    return List.copyOf(all);
  }

  /** Every instruction of one type in file order, e.g. {@code dockerfile.instructions(Copy.class)}. */
  public <T extends Instruction> List<T> instructions(Class<T> type) {
    return instructions().stream().map(InstructionRef::instruction).filter(type::isInstance).map(type::cast)
        .toList();
  }

  /** The stage with this name (case-insensitive, as BuildKit) or this index. */
  public Optional<Stage> stage(String nameOrIndex) {
    String wanted = nameOrIndex.toLowerCase(Locale.ROOT);
    for (Stage stage : stages) {
      if (stage.name().filter(wanted::equals).isPresent()) {
        return Optional.of(stage);
      }
    }
    if (!wanted.isEmpty() && wanted.chars().allMatch(Character::isDigit) && wanted.length() < 10) {
      int index = Integer.parseInt(wanted);
      if (index < stages.size()) {
        return Optional.of(stages.get(index));
      }
    }
    return Optional.empty();
  }

  /** The last stage: what is built without {@code --target}. */
  public Stage lastStage() {
    return stages.get(stages.size() - 1);
  }
}
