package dev.stowage.dockerfile.expand;

import dev.stowage.dockerfile.ast.Add;
import dev.stowage.dockerfile.ast.Arg;
import dev.stowage.dockerfile.ast.ArgDecl;
import dev.stowage.dockerfile.ast.BindMount;
import dev.stowage.dockerfile.ast.CacheMount;
import dev.stowage.dockerfile.ast.Copy;
import dev.stowage.dockerfile.ast.Env;
import dev.stowage.dockerfile.ast.Expose;
import dev.stowage.dockerfile.ast.FileTransfer;
import dev.stowage.dockerfile.ast.From;
import dev.stowage.dockerfile.ast.Heredoc;
import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.ast.KeyValue;
import dev.stowage.dockerfile.ast.Label;
import dev.stowage.dockerfile.ast.MountSpec;
import dev.stowage.dockerfile.ast.Run;
import dev.stowage.dockerfile.ast.SecretMount;
import dev.stowage.dockerfile.ast.SshMount;
import dev.stowage.dockerfile.ast.StopSignal;
import dev.stowage.dockerfile.ast.TmpfsMount;
import dev.stowage.dockerfile.ast.User;
import dev.stowage.dockerfile.ast.Volume;
import dev.stowage.dockerfile.ast.Word;
import dev.stowage.dockerfile.ast.Workdir;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which words of which instructions the builder expands, as BuildKit does. Expanded: FROM (image and --platform,
 * with the global scope), ARG defaults, ENV and LABEL keys and values, WORKDIR, USER, STOPSIGNAL, VOLUME, EXPOSE
 * (split into words), COPY/ADD sources, destination and flags, RUN --mount option values, and the bodies of
 * COPY/ADD heredocs whose delimiter was not quoted. Not expanded: RUN, CMD, ENTRYPOINT and SHELL commands (the
 * shell expands them at run time; exec-form JSON is never expanded), HEALTHCHECK, MAINTAINER, ONBUILD (its trigger
 * is expanded in the child build), and RUN heredoc bodies.
 */
public final class ExpansionRules {
  private ExpansionRules() {}

  /** How a word is expanded. */
  public enum Mode {
    /** {@link ShellLexer#processWord}: one value, white space kept. */
    WORD,
    /** {@link ShellLexer#processWords}: split into several values after expansion (EXPOSE). */
    WORDS,
    /** Quotes are ordinary characters, only {@code $} and the backslash are special (heredoc bodies). */
    HEREDOC
  }

  /**
   * One expandable word of an instruction.
   *
   * @param role what the word is, e.g. {@code "source"}, {@code "--chown"}, {@code "ENV value"}
   */
  public record ExpandableWord(String role, Word word, Mode mode) {}

  /** The lexer for {@link Mode#HEREDOC}: BuildKit always uses the backslash there and keeps quotes. */
  public static ShellLexer heredocLexer() {
    return ShellLexer.of('\\').withSkipProcessQuotes(true);
  }

  /** Whether the builder expands any of the instruction's words. */
  public static boolean expands(Instruction instruction) {
    return !words(instruction).isEmpty();
  }

  /**
   * The words of one instruction that the builder expands, in source order. ARG defaults are listed, though the
   * builder expands them one declaration at a time (see {@link VariableScopes}).
   */
  public static List<ExpandableWord> words(Instruction instruction) {
    List<ExpandableWord> out = new ArrayList<>();
    // instanceof, not a pattern switch: the build's start-up path (see docs/architecture.md, "Start-up")
    Objects.requireNonNull(instruction);
    if (instruction instanceof From f) {
      f.platform().ifPresent(w -> out.add(new ExpandableWord("--platform", w, Mode.WORD)));
      out.add(new ExpandableWord("image", f.image(), Mode.WORD));
    } else if (instruction instanceof Arg a) {
      for (ArgDecl d : a.args()) {
        d.defaultValue().ifPresent(w -> out.add(new ExpandableWord("ARG " + d.name() + " default", w, Mode.WORD)));
      }
    } else if (instruction instanceof Env e) {
      pairs("ENV", e.pairs(), out);
    } else if (instruction instanceof Label l) {
      pairs("LABEL", l.pairs(), out);
    } else if (instruction instanceof Workdir w) {
      out.add(new ExpandableWord("path", w.path(), Mode.WORD));
    } else if (instruction instanceof User u) {
      out.add(new ExpandableWord("user", u.user(), Mode.WORD));
    } else if (instruction instanceof StopSignal s) {
      out.add(new ExpandableWord("signal", s.signal(), Mode.WORD));
    } else if (instruction instanceof Volume v) {
      v.paths().forEach(p -> out.add(new ExpandableWord("path", p, Mode.WORD)));
    } else if (instruction instanceof Expose e) {
      e.ports().forEach(p -> out.add(new ExpandableWord("port", p, Mode.WORDS)));
    } else if (instruction instanceof Copy c) {
      c.from().ifPresent(w -> out.add(new ExpandableWord("--from", w, Mode.WORD)));
      transfer(c, out);
    } else if (instruction instanceof Add a) {
      a.checksum().ifPresent(w -> out.add(new ExpandableWord("--checksum", w, Mode.WORD)));
      transfer(a, out);
    } else if (instruction instanceof Run r) {
      r.mounts().forEach(m -> mountWords(m, out));
    }
    return List.copyOf(out);
  }

  private static void pairs(String instruction, List<KeyValue> pairs, List<ExpandableWord> out) {
    for (KeyValue kv : pairs) {
      out.add(new ExpandableWord(instruction + " key", kv.key(), Mode.WORD));
      out.add(new ExpandableWord(instruction + " value", kv.value(), Mode.WORD));
    }
  }

  private static void transfer(FileTransfer t, List<ExpandableWord> out) {
    t.chown().ifPresent(w -> out.add(new ExpandableWord("--chown", w, Mode.WORD)));
    t.chmod().ifPresent(w -> out.add(new ExpandableWord("--chmod", w, Mode.WORD)));
    t.excludes().forEach(w -> out.add(new ExpandableWord("--exclude", w, Mode.WORD)));
    if (t.execForm()) {
      // JSON sources are decoded strings; BuildKit still expands them (COPY ["$SRC", "/dst"] works).
      t.sources().forEach(w -> out.add(new ExpandableWord("source", w, Mode.WORD)));
    } else {
      t.sourcePaths().forEach(w -> out.add(new ExpandableWord("source", w, Mode.WORD)));
    }
    out.add(new ExpandableWord("destination", t.destination(), Mode.WORD));
    for (Heredoc h : t.heredocs()) {
      if (h.expand()) {
        out.add(new ExpandableWord("heredoc " + h.name(), new Word(h.body(), h.range()), Mode.HEREDOC));
      }
    }
  }

  private static void mountWords(MountSpec m, List<ExpandableWord> out) {
    List<Optional<Word>> words;
    if (m instanceof SecretMount s) {
      words = List.of(s.id(), s.source(), s.target(), s.env(), s.mode(), s.uid(), s.gid());
    } else if (m instanceof SshMount s) {
      words = List.of(s.id(), s.target(), s.mode(), s.uid(), s.gid());
    } else if (m instanceof CacheMount c) {
      words = List.of(c.target(), c.id(), c.from(), c.source(), c.sharing(), c.mode(), c.uid(), c.gid());
    } else if (m instanceof BindMount b) {
      words = List.of(b.target(), b.source(), b.from());
    } else if (m instanceof TmpfsMount t) {
      words = List.of(t.target(), t.size());
    } else {
      throw new IllegalStateException("unhandled " + m.getClass().getSimpleName());
    }
    for (Optional<Word> w : words) {
      w.ifPresent(word -> out.add(new ExpandableWord("--mount " + m.type().text(), word, Mode.WORD)));
    }
  }
}
