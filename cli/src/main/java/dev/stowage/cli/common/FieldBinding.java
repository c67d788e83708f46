package dev.stowage.cli.common;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Binds an option or parameter built with picocli's programmatic API to a field, through a getter and a setter
 * lambda: what picocli does for an annotated field, without reading annotations. As for an annotated field, the
 * field's value when the spec is built is its initial value, which picocli restores before each parse.
 */
public final class FieldBinding<V> implements IGetter, ISetter {
  private final Supplier<V> getter;
  private final Consumer<V> setter;

  private FieldBinding(Supplier<V> getter, Consumer<V> setter) {
    this.getter = getter;
    this.setter = setter;
  }

  /** A boolean flag (arity 0): {@code --push}. */
  public static OptionSpec flag(OptionSpec.Builder option, Supplier<Boolean> getter, Consumer<Boolean> setter) {
    return bind(option.type(boolean.class), getter, setter);
  }

  /** An option with one value of {@code type}: {@code --target STAGE}. */
  public static <V> OptionSpec value(OptionSpec.Builder option, Class<V> type, Supplier<V> getter,
      Consumer<V> setter) {
    return bind(option.type(type), getter, setter);
  }

  /** A repeatable option collecting its values in order: {@code -t a -t b}. */
  public static OptionSpec list(OptionSpec.Builder option, Supplier<List<String>> getter,
      Consumer<List<String>> setter) {
    return bind(option.type(List.class).auxiliaryTypes(String.class), getter, setter);
  }

  /** A positional parameter with one value of {@code type}. */
  public static <V> PositionalParamSpec value(PositionalParamSpec.Builder parameter, Class<V> type,
      Supplier<V> getter, Consumer<V> setter) {
    FieldBinding<V> field = new FieldBinding<>(getter, setter);
    return parameter.type(type).getter(field).setter(field).initialValue(getter.get()).build();
  }

  private static <V> OptionSpec bind(OptionSpec.Builder option, Supplier<V> getter, Consumer<V> setter) {
    FieldBinding<V> field = new FieldBinding<>(getter, setter);
    return option.getter(field).setter(field).initialValue(getter.get()).build();
  }

  @Override
  @SuppressWarnings("unchecked") // picocli converts each value to the type the option was declared with
  public <T> T get() {
    return (T) getter.get();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T set(T value) {
    T previous = get();
    setter.accept((V) value);
    return previous;
  }
}
