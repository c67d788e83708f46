package dev.stowage.oci.fs;

import dev.stowage.oci.ForeignLinking;
import java.util.Optional;

/** Holds {@link Lstat#system()}: linked on first use, or earlier on a warm-up thread. */
final class SystemLstat {
  static final Optional<Lstat> SYSTEM =
      ForeignLinking.linked("dev.stowage.oci.fs.ForeignStatx", Lstat.class, SystemLstat.class, "using the JDK's view");

  private SystemLstat() {}
}
