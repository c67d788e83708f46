package dev.stowage.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretValueTest {
  private static final byte[] CANARY = "canary-7f3a9c1e-secret".getBytes(StandardCharsets.UTF_8);

  @Test
  void toStringIsConstant() {
    try (SecretValue value = SecretValue.copyOf(CANARY)) {
      assertThat(value.toString()).isEqualTo("SecretValue[****]");
      assertThat(String.valueOf(value)).doesNotContain("canary");
      assertThat(SecretValue.copyOf("other".getBytes(StandardCharsets.UTF_8))).hasToString("SecretValue[****]");
    }
  }

  @Test
  void equalsIsIdentity() {
    SecretValue a = SecretValue.copyOf(CANARY);
    SecretValue b = SecretValue.copyOf(CANARY);
    assertThat(a).isNotEqualTo(b).isEqualTo(a);
    assertThat(a.hashCode()).isEqualTo(System.identityHashCode(a));
  }

  @Test
  void revealLendsAReadOnlyView() {
    try (SecretValue value = SecretValue.copyOf(CANARY)) {
      byte[] seen = new byte[value.length()];
      value.reveal(buffer -> {
        assertThat(buffer.isReadOnly()).isTrue();
        assertThat(buffer.hasArray()).isFalse();
        assertThatThrownBy(() -> buffer.duplicate().put((byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
        buffer.get(seen);
      });
      assertThat(seen).isEqualTo(CANARY);
    }
  }

  @Test
  void closeZeroFillsTheArrayAndLaterUseFails() {
    byte[] owned = CANARY.clone();
    SecretValue value = SecretValue.adopt(owned);
    value.close();
    assertThat(owned).containsOnly(0);
    assertThat(value.closed()).isTrue();
    assertThatThrownBy(() -> value.reveal(b -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    value.close(); // idempotent
  }

  @Test
  void copyOfDoesNotAliasTheCallersArray() {
    byte[] mine = CANARY.clone();
    SecretValue value = SecretValue.copyOf(mine);
    mine[0] = 'X';
    value.reveal(b -> assertThat(b.get(0)).isEqualTo(CANARY[0]));
    value.close();
    assertThat(mine[0]).isEqualTo((byte) 'X');
  }

  @Test
  void fromCharsEncodesUtf8() {
    char[] password = "pä$$wörd€".toCharArray();
    try (SecretValue value = SecretValue.fromChars(password)) {
      ByteBuffer copy = ByteBuffer.allocate(value.length());
      value.reveal(copy::put);
      assertThat(copy.array()).isEqualTo("pä$$wörd€".getBytes(StandardCharsets.UTF_8));
    }
    assertThatThrownBy(() -> SecretValue.fromChars("zq9-canary\uD800".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("zq9-canary");
  }

  @Test
  void javaSerialisationIsRefusedDirectlyAndWhenNested() {
    record Holder(String name, SecretValue value) implements Serializable {}
    try (SecretValue value = SecretValue.copyOf(CANARY)) {
      assertThatThrownBy(() -> serialise(value)).isInstanceOf(NotSerializableException.class);
      assertThatThrownBy(() -> serialise(new Holder("x", value))).isInstanceOf(NotSerializableException.class);
    }
  }

  @Test
  void offersJacksonNothingToMap() {
    // No Jackson here (JDK-only module), so check what Jackson's bean introspection looks at: no public
    // fields, no getX/isX accessors, and the bytes in a transient field that field detection skips.
    for (Method method : SecretValue.class.getDeclaredMethods()) {
      if (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())) {
        assertThat(method.getName()).doesNotStartWith("get").doesNotStartWith("is");
      }
    }
    for (Field field : SecretValue.class.getDeclaredFields()) {
      assertThat(Modifier.isPublic(field.getModifiers())).isFalse();
      if (field.getType() == byte[].class) {
        assertThat(Modifier.isTransient(field.getModifiers())).isTrue();
      }
    }
    assertThat(Serializable.class.isAssignableFrom(SecretValue.class)).isFalse();
  }

  private static void serialise(Object o) throws Exception {
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(o);
    }
  }

  @Test
  void ofUtf8MatchesStringEncoding() {
    try (SecretValue value = SecretValue.ofUtf8("tøken")) {
      byte[] seen = new byte[value.length()];
      value.reveal(b -> b.get(seen));
      assertThat(Arrays.equals(seen, "tøken".getBytes(StandardCharsets.UTF_8))).isTrue();
    }
  }
}
