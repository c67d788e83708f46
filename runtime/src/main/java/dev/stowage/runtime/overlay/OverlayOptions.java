package dev.stowage.runtime.overlay;

import java.util.List;
import java.util.Optional;

/**
 * The option string of an overlay mount. Paths are relative to the snapshotter's root, so the string stays under
 * the kernel's one-page limit for mount data (mount(2) gets them made absolute while that still fits; mount(8) runs
 * in the root otherwise). Redirects, metacopy and the inode index are
 * off: an upper directory must hold plain copies, since it becomes a layer (and later a lower directory). Pure.
 */
public record OverlayOptions(List<String> lowers, Optional<String> upper, Optional<String> work) {
  /** Mount data is one page; keep a margin for what mount(8) and the kernel add. */
  public static final int MAX_LENGTH = 4096 - 256;

  public OverlayOptions {
    lowers = List.copyOf(lowers);
    if (lowers.isEmpty()) {
      throw new IllegalArgumentException("an overlay needs at least one lower directory");
    }
    if (upper.isPresent() != work.isPresent()) {
      throw new IllegalArgumentException("an upper directory needs a work directory and the reverse");
    }
    if (upper.isEmpty() && lowers.size() < 2) {
      throw new IllegalArgumentException("a read-only overlay needs at least two lower directories");
    }
  }

  /** A writable overlay; {@code lowers} are topmost first, as overlayfs lists them. */
  public static OverlayOptions writable(List<String> lowers, String upper, String work) {
    return new OverlayOptions(lowers, Optional.of(upper), Optional.of(work));
  }

  /** A read-only overlay of {@code lowers} (at least two), topmost first. */
  public static OverlayOptions readOnly(List<String> lowers) {
    return new OverlayOptions(lowers, Optional.empty(), Optional.empty());
  }

  public String render() {
    StringBuilder options = new StringBuilder();
    if (upper.isEmpty()) {
      options.append("ro,");
    }
    options.append("lowerdir=").append(String.join(":", lowers));
    upper.ifPresent(u -> options.append(",upperdir=").append(u));
    work.ifPresent(w -> options.append(",workdir=").append(w));
    options.append(",index=off,metacopy=off,redirect_dir=off");
    return options.toString();
  }

  public boolean fits() {
    return render().length() <= MAX_LENGTH;
  }
}
