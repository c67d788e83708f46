package dev.stowage.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The base image the end-to-end tests build on, made here from Debian's busybox-static (no public registry is
 * reachable): {@code /bin/busybox} with its applets linked, optionally {@code /tmp} and users {@code root} and
 * {@code app} (1000:1000). Skips the calling test where root, runc or busybox is missing.
 */
final class BusyboxBase {
  private BusyboxBase() {}

  /** Skips the test unless this host can run builds: root (overlayfs), runc and /bin/busybox. */
  static void assumeBuildsRun() {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root (overlayfs, runc)");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc")),
        "needs runc (Debian package runc)");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs /bin/busybox (busybox-static)");
  }

  /**
   * Builds the base image as {@code tag} into a new state directory {@code work/state} and returns that directory.
   *
   * @param withUsers also make {@code /tmp}, {@code /etc/passwd} and {@code /etc/group} with root and app
   */
  static Path build(Path work, String tag, boolean withUsers) throws IOException {
    assumeBuildsRun();
    Path state = work.resolve("state");
    Path base = Files.createDirectories(work.resolve("base"));
    Files.copy(Path.of("/bin/busybox"), base.resolve("busybox"));
    String dockerfile = """
        FROM scratch
        COPY busybox /bin/busybox
        RUN ["/bin/busybox", "--install", "-s", "/bin"]
        """;
    if (withUsers) {
      dockerfile += """
          RUN mkdir -p /tmp /etc && chmod 1777 /tmp && echo 'root:x:0:0:root:/root:/bin/sh' > /etc/passwd \\
           && echo 'app:x:1000:1000:app:/home/app:/bin/sh' >> /etc/passwd \\
           && printf 'root:x:0:\\napp:x:1000:\\n' > /etc/group
          """;
    }
    Files.writeString(base.resolve("Dockerfile"), dockerfile);
    InProcessCli.Output built = InProcessCli.run("build", "--root", state.toString(), "--progress=plain", "-t", tag,
        base.toString());
    assertThat(built.code()).as(built.out() + built.err()).isZero();
    return state;
  }
}
