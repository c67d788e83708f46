package dev.stowage.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeWalkerOrderTest {
  @Test
  void namesSortInTheByteOrderOfTheirUtf8LikeGo() {
    List<String> names = new ArrayList<>(List.of("b", "a", "B", "a.txt", "a-1", "ä", "z", "\uFB01le",
        "\uD83D\uDE00smile", "\uE000private", "a", "", "ab", "a\u0000"));
    Random random = new Random(11);
    for (int i = 0; i < 2000; i++) {
      StringBuilder name = new StringBuilder();
      for (int j = random.nextInt(4); j >= 0; j--) {
        int codePoint = switch (random.nextInt(4)) {
          case 0 -> 'a' + random.nextInt(3);
          case 1 -> 0xDFFF + random.nextInt(0x40); // just either side of the surrogates
          case 2 -> 0xFFF0 + random.nextInt(0x20); // U+FFF0.. and the first supplementary ones
          default -> 0x1F600 + random.nextInt(3);
        };
        if (!Character.isSurrogate((char) codePoint) || codePoint > 0xFFFF) {
          name.appendCodePoint(codePoint);
        }
      }
      names.add(name.toString());
    }
    List<String> byBytes = new ArrayList<>(names);
    byBytes.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8)));
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(TreeWalker.GO_ORDER);
    assertThat(sorted).containsExactlyElementsOf(byBytes);
  }
}
