package dev.stowage.oci.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class XattrErrnoTest {

  @Test
  void unsupportedAndMissingAttributesMeanNoneWhenReading() {
    assertThat(XattrErrno.meansNone(XattrErrno.ENOTSUP)).isTrue();
    assertThat(XattrErrno.meansNone(XattrErrno.ENODATA)).isTrue();
    assertThat(XattrErrno.meansNone(XattrErrno.EACCES)).isFalse();
    assertThat(XattrErrno.meansNone(XattrErrno.ENOENT)).isFalse();
  }

  @Test
  void messagesSayWhatWasTriedWhyItFailedAndTheErrno() {
    assertThat(XattrErrno.setFailure(Path.of("/s/fs/bin/ping"), "trusted.overlay.opaque", XattrErrno.EPERM))
        .isEqualTo("setting extended attribute trusted.overlay.opaque on /s/fs/bin/ping failed: operation not "
            + "permitted (trusted.* and security.* attributes need root, i.e. CAP_SYS_ADMIN or CAP_SETFCAP) (EPERM)");
    assertThat(XattrErrno.setFailure(Path.of("/f"), "security.capability", XattrErrno.ENOTSUP))
        .endsWith("the file system does not support the security.* name space (or extended attributes at all) "
            + "(ENOTSUP)");
    assertThat(XattrErrno.getFailure(Path.of("/f"), "user.x", XattrErrno.ERANGE))
        .isEqualTo("reading extended attribute user.x of /f failed: the name or value is too long (ERANGE)");
    assertThat(XattrErrno.listFailure(Path.of("/f"), XattrErrno.ENOSPC)).endsWith("(ENOSPC)");
  }

  @Test
  void anUnknownErrnoIsNamedByNumber() {
    assertThat(XattrErrno.reason(4095, "user.x")).isEqualTo("system error (errno 4095)");
  }
}
