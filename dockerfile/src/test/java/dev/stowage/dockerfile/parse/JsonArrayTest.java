package dev.stowage.dockerfile.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The exec form is accepted exactly when Go's json.Unmarshal accepts the text as an array of strings. */
class JsonArrayTest {
  private static List<String> strings(String text) {
    JsonArray.Result r = JsonArray.parse(text, 0);
    assertThat(r).as(text).isInstanceOf(JsonArray.Strings.class);
    return ((JsonArray.Strings) r).elements().stream().map(JsonArray.Element::value).toList();
  }

  @Test
  void validArrays() {
    assertThat(strings("[]")).isEmpty();
    assertThat(strings("[ ]")).isEmpty();
    assertThat(strings("[\"a\"]")).containsExactly("a");
    assertThat(strings("[ \"a\" ,\t\"b\" ]\n ")).containsExactly("a", "b");
    assertThat(strings("[\"\\u00e9\\n\\\"\\\\\\/\\b\\f\\r\\t\"]")).containsExactly("\u00e9\n\"\\/\b\f\r\t");
    assertThat(strings("[\"\\ud83d\\ude00\"]")).containsExactly("\ud83d\ude00");
  }

  @Test
  void elementOffsetsPointAtTheQuotedStrings() {
    JsonArray.Strings s = (JsonArray.Strings) JsonArray.parse("[ \"ab\", \"c\"]", 0);
    assertThat(s.elements()).extracting(JsonArray.Element::start).containsExactly(2, 8);
    assertThat(s.elements()).extracting(JsonArray.Element::end).containsExactly(6, 11);
  }

  @Test
  void invalidJsonFallsBack() {
    for (String text : List.of("[", "[\"a\"", "['a']", "[a]", "[\"a\",]", "[,\"a\"]", "[\"a\"] x", "[\"a\" \"b\"]",
        "[\"\\x\"]", "[\"\\u12\"]", "[\"tab\tinside\"]", "[01]", "[1.]", "[-]", "[tru]", "[{\"a\" 1}]", "[[]")) {
      assertThat(JsonArray.parse(text, 0)).as(text).isInstanceOf(JsonArray.NotJson.class);
    }
  }

  @Test
  void validJsonWithNonStringsIsItsOwnError() {
    for (String text : List.of("[1]", "[\"a\", 2.5e-3]", "[null]", "[true, false]", "[[\"a\"]]",
        "[{\"a\": [1, {\"b\": null}]}]", "[\"a\", -0]")) {
      assertThat(JsonArray.parse(text, 0)).as(text).isInstanceOf(JsonArray.NotStrings.class);
    }
  }

  @Test
  void deepNestingNeedsNoStack() {
    String deep = "[" + "[".repeat(200_000) + "]".repeat(200_000) + "]";
    assertThat(JsonArray.parse(deep, 0)).isInstanceOf(JsonArray.NotStrings.class);
  }
}
