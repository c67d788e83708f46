package dev.stowage.engine.spi;

import dev.stowage.secrets.SecretValue;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One process to run in a root filesystem.
 *
 * @param argv the command, already in its final form (e.g. {@code [/bin/sh, -c, script]})
 * @param env {@code KEY=value} entries, in order; never secret values
 * @param secretEnv environment variables whose values are secrets ({@code RUN --mount=type=secret,env=}); the
 *     runtime puts them only into the process environment, through a runtime bundle on tmpfs
 * @param cwd the working directory inside the container (created when missing)
 * @param uid the numeric user
 * @param gid the numeric primary group
 * @param additionalGids supplementary groups
 * @param network {@code none} or {@code host}
 * @param hostname the container's host name
 * @param mounts extra mounts, in the order they are made
 * @param insecure {@code RUN --security=insecure}: all capabilities, no seccomp
 */
public record ExecSpec(
    List<String> argv,
    List<String> env,
    Map<String, SecretValue> secretEnv,
    String cwd,
    int uid,
    int gid,
    List<Integer> additionalGids,
    String network,
    String hostname,
    List<HostMount> mounts,
    boolean insecure) {
  public ExecSpec {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    env = List.copyOf(env);
    secretEnv = Map.copyOf(secretEnv);
    Objects.requireNonNull(cwd, "cwd");
    additionalGids = List.copyOf(additionalGids);
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(hostname, "hostname");
    mounts = List.copyOf(mounts);
  }

  @Override
  public String toString() {
    // secretEnv values have a constant toString, but keep even the names' values out of logs.
    return "ExecSpec[argv=" + argv + ", cwd=" + cwd + ", uid=" + uid + ", gid=" + gid + ", network=" + network
        + ", mounts=" + mounts.size() + ", secretEnv=" + secretEnv.keySet() + "]";
  }
}
