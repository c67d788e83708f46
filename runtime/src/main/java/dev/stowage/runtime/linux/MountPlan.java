package dev.stowage.runtime.linux;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a mount(8)-style request ({@code -t type -o options source target}, run in a working directory) is made:
 * one mount(2) call, or mount(8) itself where only it knows what to do. The options are split as mount(8) splits
 * them: flags such as {@code ro} and {@code nodev} become {@code MS_*} bits, the rest is the file system's data.
 * Overlay's relative {@code lowerdir}/{@code upperdir}/{@code workdir} paths, which mount(8) resolves in its
 * working directory, are made absolute, since the JVM's own directory is never changed. Pure.
 */
sealed interface MountPlan {
  /** The data the kernel copies is one page including its terminating NUL. */
  int MAX_DATA_BYTES = 4095;

  /** One mount(2) call does it. */
  record SystemCall(MountCall call) implements MountPlan {}

  /** mount(8) must do it, for this reason. */
  record Program(String reason) implements MountPlan {}

  static MountPlan of(String type, String source, Path target, String options, Optional<Path> workingDir) {
    boolean overlay = type.equals("overlay");
    if (workingDir.isPresent() && !overlay) {
      // Relative paths in another file system's options or source are mount(8)'s to resolve in its directory.
      return new Program("a " + type + " mount in a working directory");
    }
    if (options.indexOf('"') >= 0) {
      return new Program("quoted mount options");
    }
    long flags = 0;
    List<String> data = new ArrayList<>();
    for (String option : options.split(",")) {
      if (option.isEmpty() || option.equals("defaults")) {
        continue;
      }
      String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
      if (Options.NEEDS_PROGRAM.contains(name) || name.startsWith("x-") || name.startsWith("X-")) {
        return new Program("the mount option '" + name + "'");
      }
      Long set = Options.SET.get(option);
      Long clear = Options.CLEAR.get(option);
      if (set != null) {
        flags |= set;
      } else if (clear != null) {
        flags &= ~clear;
      } else if (overlay && Options.OVERLAY_PATHS.contains(name) && option.contains("=")) {
        Optional<String> absolute = absolutePaths(name, option.substring(name.length() + 1), workingDir);
        if (absolute.isEmpty()) {
          return new Program("escaped characters in overlay's " + name);
        }
        data.add(name + "=" + absolute.get());
      } else {
        data.add(option);
      }
    }
    String joined = String.join(",", data);
    // ForeignMounts passes the data as UTF-8, so this is the length the kernel sees.
    if (joined.getBytes(StandardCharsets.UTF_8).length > MAX_DATA_BYTES) {
      return new Program("mount options longer than a page once their paths are absolute");
    }
    Path mountPoint = workingDir.map(dir -> dir.resolve(target)).orElse(target).toAbsolutePath().normalize();
    return new SystemCall(new MountCall(source, mountPoint, type, flags, joined));
  }

  /** Overlay's colon-separated directories with each relative one resolved; empty when a backslash escapes. */
  private static Optional<String> absolutePaths(String name, String value, Optional<Path> workingDir) {
    if (value.indexOf('\\') >= 0) {
      return Optional.empty();
    }
    if (workingDir.isEmpty()) {
      return Optional.of(value); // the kernel resolves them where mount(8) would have run: here
    }
    // split with -1 keeps the empty element of "a::b" (data-only lower directories) in place.
    String[] dirs = value.split(":", -1);
    for (int i = 0; i < dirs.length; i++) {
      if (!dirs[i].isEmpty() && !dirs[i].startsWith("/")) {
        dirs[i] = workingDir.get().resolve(dirs[i]).toString();
      }
    }
    return Optional.of(String.join(":", dirs));
  }

  /** mount(8)'s option names (libmount's Linux map); values are the {@code MS_*} bits. */
  final class Options {
    static final long MS_RDONLY = 1;
    static final long MS_NOSUID = 2;
    static final long MS_NODEV = 4;
    static final long MS_NOEXEC = 8;
    static final long MS_SYNCHRONOUS = 16;
    static final long MS_MANDLOCK = 64;
    static final long MS_DIRSYNC = 128;
    static final long MS_NOSYMFOLLOW = 256;
    static final long MS_NOATIME = 1024;
    static final long MS_NODIRATIME = 2048;
    static final long MS_SILENT = 32768;
    static final long MS_RELATIME = 1 << 21;
    static final long MS_I_VERSION = 1 << 23;
    static final long MS_STRICTATIME = 1 << 24;
    static final long MS_LAZYTIME = 1 << 25;

    static final Map<String, Long> SET = Map.ofEntries(
        Map.entry("ro", MS_RDONLY), Map.entry("nosuid", MS_NOSUID), Map.entry("nodev", MS_NODEV),
        Map.entry("noexec", MS_NOEXEC), Map.entry("sync", MS_SYNCHRONOUS), Map.entry("mand", MS_MANDLOCK),
        Map.entry("dirsync", MS_DIRSYNC), Map.entry("nosymfollow", MS_NOSYMFOLLOW),
        Map.entry("noatime", MS_NOATIME), Map.entry("nodiratime", MS_NODIRATIME), Map.entry("silent", MS_SILENT),
        Map.entry("relatime", MS_RELATIME), Map.entry("iversion", MS_I_VERSION),
        Map.entry("strictatime", MS_STRICTATIME), Map.entry("lazytime", MS_LAZYTIME));
    static final Map<String, Long> CLEAR = Map.ofEntries(
        Map.entry("rw", MS_RDONLY), Map.entry("suid", MS_NOSUID), Map.entry("dev", MS_NODEV),
        Map.entry("exec", MS_NOEXEC), Map.entry("async", MS_SYNCHRONOUS), Map.entry("nomand", MS_MANDLOCK),
        Map.entry("symfollow", MS_NOSYMFOLLOW), Map.entry("atime", MS_NOATIME),
        Map.entry("diratime", MS_NODIRATIME), Map.entry("loud", MS_SILENT), Map.entry("norelatime", MS_RELATIME),
        Map.entry("noiversion", MS_I_VERSION), Map.entry("nostrictatime", MS_STRICTATIME),
        Map.entry("nolazytime", MS_LAZYTIME));
    /**
     * Options mount(8) acts on itself: bind, move and remount requests, propagation changes (each its own call),
     * and options that never reach the kernel (fstab, loop devices, helpers).
     */
    static final Set<String> NEEDS_PROGRAM = Set.of("bind", "rbind", "move", "remount", "private", "rprivate",
        "shared", "rshared", "slave", "rslave", "unbindable", "runbindable", "user", "users", "nouser", "owner",
        "noowner", "group", "nogroup", "auto", "noauto", "nofail", "_netdev", "loop", "offset", "sizelimit",
        "encryption", "helper", "uhelper", "comment");
    /** Overlay's options whose values are directories. */
    static final Set<String> OVERLAY_PATHS = Set.of("lowerdir", "upperdir", "workdir", "lowerdir+", "datadir+");

    private Options() {}
  }
}
