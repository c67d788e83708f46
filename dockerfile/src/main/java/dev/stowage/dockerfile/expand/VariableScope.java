package dev.stowage.dockerfile.expand;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The variables in effect at one point of a Dockerfile.
 *
 * @param env what word expansion sees there: the base image's ENV, then ENV and ARG values of the stage in order
 *     (for FROM lines: the global ARGs and the predefined platform args)
 * @param args the ARG values in scope (declared in this stage, with a value), in declaration order: what a RUN
 *     step records as build args
 * @param declaredArgs every ARG name declared so far in the scope, with or without a value; a reference to one of
 *     these is not an undefined variable even when it has no value
 */
public record VariableScope(Map<String, String> env, Map<String, String> args, Set<String> declaredArgs) {
  public VariableScope {
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
    declaredArgs = Collections.unmodifiableSet(new LinkedHashSet<>(declaredArgs));
  }

  public static VariableScope empty() {
    return new VariableScope(Map.of(), Map.of(), Set.of());
  }

  /** True when {@code name} is set, or declared by an ARG (so a reference to it is intended). */
  public boolean isKnown(String name) {
    return env.containsKey(name) || declaredArgs.contains(name);
  }
}
