package dev.stowage.runtime.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlayOptionsTest {

  @Test
  void rendersAWritableOverlayWithPlainCopyUps() {
    assertThat(OverlayOptions.writable(List.of("l/TOP", "l/BASE"), "active/a/upper", "active/a/work").render())
        .isEqualTo("lowerdir=l/TOP:l/BASE,upperdir=active/a/upper,workdir=active/a/work,"
            + "index=off,metacopy=off,redirect_dir=off");
  }

  @Test
  void rendersAReadOnlyView() {
    assertThat(OverlayOptions.readOnly(List.of("l/A", "empty/0")).render())
        .isEqualTo("ro,lowerdir=l/A:empty/0,index=off,metacopy=off,redirect_dir=off");
  }

  @Test
  void aViewNeedsTwoLowersAndAnUpperNeedsAWorkDirectory() {
    assertThatThrownBy(() -> OverlayOptions.readOnly(List.of("l/A")))
        .hasMessageContaining("at least two lower directories");
    assertThatThrownBy(() -> OverlayOptions.writable(List.of(), "u", "w"))
        .hasMessageContaining("at least one lower directory");
  }

  @Test
  void aPageOfShortLinksFitsButNotOfLongPaths() {
    List<String> shortLinks = Collections.nCopies(250, "l/ABCDEFGHIJ");
    List<String> longPaths = Collections.nCopies(250, "/var/lib/stowage/snapshots/sha256-0123456789abcdef/fs");

    assertThat(OverlayOptions.writable(shortLinks, "active/x/upper", "active/x/work").fits()).isTrue();
    assertThat(OverlayOptions.writable(longPaths, "active/x/upper", "active/x/work").fits()).isFalse();
  }
}
