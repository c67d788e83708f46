package dev.stowage.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.runtime.linux.ProcessOwner;
import org.junit.jupiter.api.Test;

class ContainerIdTest {

  @Test
  void idsAreUniqueAndNameTheirOwner() {
    ProcessOwner owner = ProcessOwner.current();

    String first = ContainerId.next(owner);
    String second = ContainerId.next(owner);

    assertThat(first).isNotEqualTo(second).startsWith("stowage-" + owner.tag() + "-").matches("[\\w+.-]+");
    assertThat(ContainerId.owner(first)).contains(owner);
  }

  @Test
  void otherContainersHaveNoOwner() {
    assertThat(ContainerId.owner("buildkit-abc")).isEmpty();
    assertThat(ContainerId.owner("stowage-")).isEmpty();
    assertThat(ContainerId.owner("stowage-garbage-1")).isEmpty();
  }
}
