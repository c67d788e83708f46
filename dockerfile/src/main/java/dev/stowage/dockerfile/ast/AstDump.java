package dev.stowage.dockerfile.ast;

import dev.stowage.dockerfile.syntax.SourceRange;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stable, readable text dump of the AST for golden tests and debugging. One node per line, indented by depth;
 * scalar fields inline as {@code name=value}, words as {@code "raw"@line:col-line:col}, ranges as {@code @...}.
 * Empty optionals and empty lists are left out. Generic over records, so new AST fields appear automatically.
 */
public final class AstDump {
  /** Record components with accessible accessors, looked up once per record type. */
  private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
    @Override
    protected RecordComponent[] computeValue(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      for (RecordComponent c : components) {
        c.getAccessor().setAccessible(true);
      }
      return components;
    }
  };

  private AstDump() {}

  public static String dump(Dockerfile dockerfile) {
    StringBuilder out = new StringBuilder();
    node(out, dockerfile, 0);
    return out.toString();
  }

  private static void node(StringBuilder out, Record r, int depth) {
    List<String> inline = new ArrayList<>();
    List<Runnable> nested = new ArrayList<>();
    for (RecordComponent c : COMPONENTS.get(r.getClass())) {
      Object v = get(r, c);
      String name = c.getName();
      if (v instanceof Origin o) {
        inline.add(range(o.range()));
        inline.add("keyword=" + quote(o.keyword()));
        inline.add("original=" + quote(o.original()));
        if (!o.flags().isEmpty()) {
          inline.add("flags=" + o.flags().stream().map(f -> quote(f.text()) + range(f.range())).toList());
        }
        if (!o.comments().isEmpty()) {
          inline.add("comments=" + o.comments().stream().map(AstDump::quote).toList());
        }
      } else if (v instanceof SourceRange sr) {
        inline.add(range(sr));
      } else if (v instanceof Optional<?> opt) {
        if (opt.isEmpty()) {
          continue;
        }
        Object inner = opt.get();
        if (isScalar(inner)) {
          inline.add(name + "=" + scalar(inner));
        } else {
          nested.add(() -> field(out, name, (Record) inner, depth + 1));
        }
      } else if (v instanceof List<?> list) {
        if (list.isEmpty()) {
          continue;
        }
        if (list.stream().allMatch(AstDump::isScalar)) {
          inline.add(name + "=" + list.stream().map(AstDump::scalar).toList());
        } else {
          nested.add(() -> {
            indent(out, depth + 1).append(name).append(":\n");
            for (Object item : list) {
              indent(out, depth + 2).append("- ");
              nodeInline(out, (Record) item, depth + 3);
            }
          });
        }
      } else if (isScalar(v)) {
        inline.add(name + "=" + scalar(v));
      } else {
        nested.add(() -> field(out, name, (Record) v, depth + 1));
      }
    }
    out.append(r.getClass().getSimpleName());
    for (String part : inline) {
      out.append(' ').append(part);
    }
    out.append('\n');
    nested.forEach(Runnable::run);
  }

  private static void field(StringBuilder out, String name, Record r, int depth) {
    indent(out, depth).append(name).append(": ");
    nodeInline(out, r, depth + 1);
  }

  private static void nodeInline(StringBuilder out, Record r, int depth) {
    node(out, r, depth - 1);
  }

  private static StringBuilder indent(StringBuilder out, int depth) {
    return out.append("  ".repeat(depth));
  }

  private static Object get(Record r, RecordComponent c) {
    try {
      return c.getAccessor().invoke(r);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
    }
  }

  private static boolean isScalar(Object v) {
    return v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Character
        || v instanceof Enum<?> || v instanceof Word || v instanceof SourceRange;
  }

  private static String scalar(Object v) {
    if (v instanceof String s) {
      return quote(s);
    }
    if (v instanceof Character ch) {
      return quote(ch.toString());
    }
    if (v instanceof Word w) {
      return quote(w.raw()) + range(w.range());
    }
    if (v instanceof SourceRange sr) {
      return range(sr);
    }
    return String.valueOf(v);
  }

  private static String range(SourceRange r) {
    return "@" + r.start() + "-" + r.end();
  }

  /** Java-style quoting: backslash, quote, newline, tab, CR and other control characters escaped. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7F) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
