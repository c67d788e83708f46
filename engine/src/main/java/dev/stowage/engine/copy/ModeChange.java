package dev.stowage.engine.copy;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code --chmod} value: an octal mode (at most {@code 07777}) that replaces all 12 mode bits, or a chmod(1)
 * symbolic mode ({@code u+x}, {@code go-w}, {@code a=rX,u+s}, {@code g=u}) applied to each entry's own mode, with
 * BSD {@code setmode} semantics and a zero umask, as BuildKit applies it (fsutil through dchapes/mode).
 */
public final class ModeChange {
  private static final int SETUID = 04000;
  private static final int SETGID = 02000;
  private static final int STICKY = 01000;
  /** setuid, setgid and the rwx bits of all classes: what {@code =} clears when no class is named. */
  private static final int STANDARD = 06777;
  private static final int USER = SETUID | 0700;
  private static final int GROUP = SETGID | 0070;
  private static final int OTHER = 0007;

  private final String text;
  private final Integer octal;
  private final List<Command> commands;

  /** One step: clear bits, set bits, set execute bits conditionally ({@code X}), or copy a class's bits. */
  private record Command(char op, int bits, char copyFrom, int targets) {}

  private ModeChange(String text, Integer octal, List<Command> commands) {
    this.text = text;
    this.octal = octal;
    this.commands = List.copyOf(commands);
  }

  /**
   * Parses a {@code --chmod} value.
   *
   * @throws CopyException with BuildKit's message when the value is neither form
   */
  public static ModeChange parse(String text) {
    if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '7')) {
      long value = text.length() > 8 ? Long.MAX_VALUE : Long.parseLong(text, 8);
      if (value > 07777) {
        throw invalid(text);
      }
      return new ModeChange(text, (int) value, List.of());
    }
    if (text.isEmpty() || Character.isDigit(text.charAt(0))) {
      throw invalid(text);
    }
    return new ModeChange(text, null, parseSymbolic(text));
  }

  /** The value as written. */
  public String text() {
    return text;
  }

  /** Whether this is an absolute octal mode. */
  public boolean isOctal() {
    return octal != null;
  }

  /**
   * The new 12 mode bits of an entry whose current bits are {@code mode}. An octal value replaces them all (the
   * entry's own setuid, setgid and sticky bits included); a symbolic one edits them.
   *
   * @param directory {@code X} grants execute to directories whatever their mode
   */
  public int apply(int mode, boolean directory) {
    if (octal != null) {
      return octal;
    }
    int original = mode & 07777;
    int result = original;
    for (Command c : commands) {
      switch (c.op) {
        case '-' -> result &= ~c.bits;
        case '+' -> result |= c.bits;
        case 'X' -> {
          if ((original & 0111) != 0 || directory) {
            result |= c.bits;
          }
        }
        case 'c' -> result = copyClass(result, c);
        default -> throw new IllegalStateException("unknown mode command " + c.op);
      }
    }
    return result & 07777;
  }

  private static int copyClass(int mode, Command c) {
    int value = switch (c.copyFrom) {
      case 'u' -> (mode & 0700) >> 6;
      case 'g' -> (mode & 0070) >> 3;
      default -> mode & 0007;
    };
    int result = mode;
    boolean clear = (c.bits & 1) != 0;
    boolean set = (c.bits & 2) != 0;
    int cleared = set ? 07 : value; // "=" clears the whole class before copying; "-" clears the copied bits
    if (clear) {
      result &= ~classBits(cleared, c.targets);
    }
    if (set) {
      result |= classBits(value, c.targets);
    }
    return result;
  }

  /** {@code rwx} (three bits) placed in each targeted class. */
  private static int classBits(int rwx, int targets) {
    int bits = 0;
    if ((targets & USER) != 0) {
      bits |= rwx << 6;
    }
    if ((targets & GROUP) != 0) {
      bits |= rwx << 3;
    }
    if ((targets & OTHER) != 0) {
      bits |= rwx;
    }
    return bits;
  }

  private static List<Command> parseSymbolic(String text) {
    List<Command> commands = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (true) {
      int who = 0;
      while (i < n && "augo".indexOf(text.charAt(i)) >= 0) {
        who |= switch (text.charAt(i)) {
          case 'a' -> STANDARD;
          case 'u' -> USER;
          case 'g' -> GROUP;
          default -> OTHER;
        };
        i++;
      }
      // One or more operations share the class list: u+r-w.
      do {
        if (i >= n || "+-=".indexOf(text.charAt(i)) < 0) {
          throw invalid(text);
        }
        char op = text.charAt(i++);
        int whoHere = who;
        int perm = 0;
        int permX = 0;
        boolean copied = false;
        while (i < n && "rwxXstugo".indexOf(text.charAt(i)) >= 0) {
          char b = text.charAt(i++);
          switch (b) {
            case 'r' -> perm |= 0444;
            case 'w' -> perm |= 0222;
            case 'x' -> perm |= 0111;
            case 'X' -> {
              if (op == '+') {
                permX = 0111;
              }
            }
            case 's' -> {
              if (whoHere == 0 || (whoHere & ~OTHER) != 0) { // set-id bits mean nothing for "other" alone
                perm |= SETUID | SETGID;
              }
            }
            case 't' -> {
              if (whoHere == 0 || (whoHere & ~OTHER) != 0) {
                whoHere |= STICKY;
                perm |= STICKY;
              }
            }
            default -> { // u, g, o: copy that class's current bits
              if (perm != 0) {
                add(commands, op, whoHere, perm);
                perm = 0;
              }
              if (permX != 0) {
                commands.add(new Command('X', mask(whoHere) & permX, ' ', 0));
                permX = 0;
              }
              int flags = op == '+' ? 2 : op == '-' ? 1 : 3;
              commands.add(new Command('c', flags, b, whoHere == 0 ? STANDARD : whoHere));
              copied = true;
            }
          }
        }
        if (perm != 0 || (op == '=' && !copied)) {
          add(commands, op, whoHere, perm);
        }
        if (permX != 0) {
          commands.add(new Command('X', mask(whoHere) & permX, ' ', 0));
        }
      } while (i < n && text.charAt(i) != ',');
      if (i >= n) {
        return commands;
      }
      i++; // the comma
      if (i >= n) {
        throw invalid(text);
      }
    }
  }

  private static void add(List<Command> commands, char op, int who, int perm) {
    if (op == '=') {
      commands.add(new Command('-', who != 0 ? who : STANDARD, ' ', 0));
      op = '+';
    }
    commands.add(new Command(op, mask(who) & perm, ' ', 0));
  }

  /** The bits a clause may touch: its classes, or every bit when none is named (the umask is zero). */
  private static int mask(int who) {
    return who != 0 ? who : 07777;
  }

  private static CopyException invalid(String text) {
    return new CopyException("invalid chmod parameter: '" + text
        + "'. it should be octal string and between 0 and 07777");
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModeChange m && m.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
