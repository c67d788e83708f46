package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A build stage: its FROM and the instructions up to the next FROM.
 *
 * @param index 0-based position among the stages (what {@code COPY --from=0} refers to)
 * @param name the lower-cased {@code AS} name, if any
 * @param body the instructions after FROM, in file order
 * @param range from the FROM line to the last line of the stage's last instruction
 */
public record Stage(int index, Optional<String> name, From from, List<Instruction> body, SourceRange range) {
  public Stage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(from, "from");
    body = List.copyOf(body);
    Objects.requireNonNull(range, "range");
  }

  /** FROM followed by the body. */
  public List<Instruction> instructions() {
    List<Instruction> all = new ArrayList<>(body.size() + 1);
    all.add(from);
    all.addAll(body);
    return List.copyOf(all);
  }

  /** The body instructions of one type, e.g. {@code stage.body(Run.class)}. */
  public <T extends Instruction> List<T> body(Class<T> type) {
    return body.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The name if there is one, else the index, as users refer to stages. */
  public String displayName() {
    return name.orElse(Integer.toString(index));
  }
}
