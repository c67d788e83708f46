package dev.stowage.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.engine.plan.BuildPlan.SecretUse;
import org.junit.jupiter.api.Test;

class SecretUseTest {
  @Test
  void equalsAndHashCodeFollowEveryComponent() {
    SecretUse use = new SecretUse("npm", true, 7);
    assertThat(use).isEqualTo(new SecretUse("npm", true, 7)).hasSameHashCodeAs(new SecretUse("npm", true, 7))
        .isNotEqualTo(new SecretUse("aws", true, 7)).isNotEqualTo(new SecretUse("npm", false, 7))
        .isNotEqualTo(new SecretUse("npm", true, 8)).isNotEqualTo("npm").isNotEqualTo(null);
    // written out by hand: a new component must join them
    assertThat(SecretUse.class.getRecordComponents()).hasSize(3);
  }
}
