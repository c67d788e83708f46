package dev.stowage.oci.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The factory's fallback, as a Java 21 runtime or an unwired platform would take it. */
class SystemXattrsTest {

  @Test
  void aClassThatDoesNotLoadMeansNoSystemCalls() {
    assertThat(SystemXattrs.load("dev.stowage.oci.archive.NoSuchXattrs")).isEmpty();
  }

  @Test
  void aClassWhoseLinkingFailsMeansNoSystemCalls() {
    assertThat(SystemXattrs.load(UnlinkableXattrs.class.getName())).isEmpty();
    assertThat(SystemXattrs.load(UnloadableXattrs.class.getName())).isEmpty();
  }

  @Test
  void aClassThatLinksIsUsed() {
    assertThat(SystemXattrs.load(LinkableXattrs.class.getName())).containsSame(XattrAccess.none());
  }

  /** Throws from linking, as ForeignXattrs does where the C library lacks a function or native access is denied. */
  static final class UnlinkableXattrs {
    static XattrAccess linked() {
      throw new UnsupportedOperationException("the C library has no llistxattr function");
    }
  }

  /** Fails in its static initialiser, as a class whose downcall handles cannot be created. */
  static final class UnloadableXattrs {
    static final Object HANDLE = fail();

    static Object fail() {
      throw new IllegalCallerException("native access denied");
    }

    static XattrAccess linked() {
      return XattrAccess.none();
    }
  }

  static final class LinkableXattrs {
    static XattrAccess linked() {
      return XattrAccess.none();
    }
  }
}
