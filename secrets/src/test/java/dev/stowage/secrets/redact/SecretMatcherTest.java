package dev.stowage.secrets.redact;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.secrets.SecretId;
import dev.stowage.secrets.SecretValue;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SecretMatcherTest {
  private static final SecretId ID = SecretId.of("canary");

  /** Exercises every escaping rule: space, quote, backslash, HTML characters, '/', '+', '~', '*', controls. */
  private static final String TRICKY = "pa ss\"wo\\rd<&>/+~*\n\t\u0001\b-end";

  private static final String TRICKY_JACKSON = "pa ss\\\"wo\\\\rd<&>/+~*\\n\\t\\u0001\\b-end";
  private static final String TRICKY_GO = "pa ss\\\"wo\\\\rd\\u003c\\u0026\\u003e/+~*\\n\\t\\u0001\\b-end";
  private static final String TRICKY_GO_OLD = "pa ss\\\"wo\\\\rd\\u003c\\u0026\\u003e/+~*\\n\\t\\u0001\\u0008-end";

  record Form(String name, SecretEncoding encoding, byte[] bytes) {}

  /** The forms of {@code secret}, each computed with the JDK or written out by hand, not by the code under test. */
  static List<Form> formsOf(byte[] secret) {
    List<Form> forms = new ArrayList<>();
    forms.add(new Form("raw", SecretEncoding.RAW, secret));
    forms.add(new Form("base64", SecretEncoding.BASE64, Base64.getEncoder().encode(secret)));
    forms.add(new Form("base64 unpadded", SecretEncoding.BASE64, Base64.getEncoder().withoutPadding().encode(secret)));
    forms.add(new Form("base64url", SecretEncoding.BASE64_URL, Base64.getUrlEncoder().encode(secret)));
    forms.add(
        new Form("base64url unpadded", SecretEncoding.BASE64_URL, Base64.getUrlEncoder().withoutPadding().encode(secret)));
    forms.add(new Form("hex", SecretEncoding.HEX, HexFormat.of().formatHex(secret).getBytes(UTF_8)));
    forms.add(new Form("HEX", SecretEncoding.HEX, HexFormat.of().withUpperCase().formatHex(secret).getBytes(UTF_8)));
    return forms;
  }

  static List<Form> trickyForms() {
    byte[] secret = TRICKY.getBytes(UTF_8);
    List<Form> forms = formsOf(secret);
    String java = URLEncoder.encode(TRICKY, UTF_8);
    String rfc3986 = java.replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    forms.add(new Form("URLEncoder", SecretEncoding.URL_ENCODED, java.getBytes(UTF_8)));
    forms.add(new Form("RFC 3986", SecretEncoding.URL_ENCODED, rfc3986.getBytes(UTF_8)));
    forms.add(new Form("Go QueryEscape", SecretEncoding.URL_ENCODED, rfc3986.replace("%20", "+").getBytes(UTF_8)));
    forms.add(new Form("Jackson", SecretEncoding.JSON_ESCAPED, TRICKY_JACKSON.getBytes(UTF_8)));
    forms.add(new Form("Go json", SecretEncoding.JSON_ESCAPED, TRICKY_GO.getBytes(UTF_8)));
    forms.add(new Form("Go json < 1.22", SecretEncoding.JSON_ESCAPED, TRICKY_GO_OLD.getBytes(UTF_8)));
    return forms;
  }

  static SecretMatcher matcherFor(byte[] secret) {
    return SecretMatcher.of(Map.of(ID, SecretValue.copyOf(secret)));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Feeds {@code text} in two pieces split at {@code split}. */
  static List<SecretMatch> feedSplit(SecretMatcher matcher, byte[] text, int split) {
    SecretMatcher.Session session = matcher.newSession();
    List<SecretMatch> found = new ArrayList<>(session.feed(text, 0, split));
    found.addAll(session.feed(text, split, text.length - split));
    return found;
  }

  @TestFactory
  Stream<DynamicTest> findsEveryFormAtEverySplitPoint() {
    SecretMatcher matcher = matcherFor(TRICKY.getBytes(UTF_8));
    return trickyForms().stream()
        .map(
            form ->
                DynamicTest.dynamicTest(
                    form.name(),
                    () -> {
                      byte[] before = "log line: token=\"".getBytes(UTF_8);
                      byte[] text = concat(before, form.bytes(), "\" done\n".getBytes(UTF_8));
                      SecretMatch expected =
                          new SecretMatch(
                              ID, expectedEncoding(form), before.length, before.length + form.bytes().length);
                      for (int split = 0; split <= text.length; split++) {
                        assertThat(feedSplit(matcher, text, split)).as("split at %d", split).contains(expected);
                      }
                    }));
  }

  /** A URL-safe encoding without '-' or '_' is also the standard one, and is reported as that. */
  private static SecretEncoding expectedEncoding(Form form) {
    if (form.encoding() == SecretEncoding.BASE64_URL
        && new String(form.bytes(), UTF_8).chars().noneMatch(c -> c == '-' || c == '_')) {
      return SecretEncoding.BASE64;
    }
    return form.encoding();
  }

  @Test
  void findsASecretInsideALongerBase64StreamAtEveryAlignment() {
    byte[] secret = "0123456789abcdefghij-canary-value".getBytes(UTF_8);
    SecretMatcher matcher = matcherFor(secret);
    for (int before = 0; before < 6; before++) {
      for (int after = 0; after < 4; after++) {
        byte[] stream = concat("x".repeat(before).getBytes(UTF_8), secret, "y".repeat(after).getBytes(UTF_8));
        for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
          byte[] encoded = encoder.encode(stream);
          for (int split = 0; split <= encoded.length; split++) {
            assertThat(feedSplit(matcher, encoded, split))
                .as("%d bytes before, %d after, split at %d", before, after, split)
                .anySatisfy(m -> assertThat(m.encoding()).isIn(SecretEncoding.BASE64, SecretEncoding.BASE64_URL));
          }
        }
      }
    }
  }

  @Test
  void findsFormsOfASecretLongerThanTheTriePrefix() {
    byte[] secret = new byte[150];
    new Random(7).nextBytes(secret);
    SecretMatcher matcher = matcherFor(secret);
    for (Form form : formsOf(secret)) {
      byte[] text = concat("prefix ".getBytes(UTF_8), form.bytes(), " suffix".getBytes(UTF_8));
      for (int split = 0; split <= text.length; split++) {
        assertThat(feedSplit(matcher, text, split))
            .as("%s split at %d", form.name(), split)
            .contains(new SecretMatch(ID, expectedEncoding(form), 7, 7 + form.bytes().length));
      }
    }
  }

  @Test
  void findsEveryOccurrenceOfAPeriodicLongSecret() {
    byte[] secret = "abc".repeat(40).getBytes(UTF_8); // 120 bytes, longer than the trie prefix
    SecretMatcher matcher = matcherFor(secret);
    byte[] text = concat("ab".getBytes(UTF_8), "abc".repeat(45).getBytes(UTF_8));
    List<SecretMatch> raw =
        matcher.findAll(text).stream().filter(m -> m.encoding() == SecretEncoding.RAW).toList();
    // 45 repetitions hold the 40-repetition secret at 6 offsets, each 3 bytes apart.
    assertThat(raw).extracting(SecretMatch::start).containsExactly(2L, 5L, 8L, 11L, 14L, 17L);
  }

  @Test
  void aLargeSecretIsFoundInALargeStream() {
    byte[] secret = new byte[200 * 1024];
    new Random(11).nextBytes(secret);
    SecretMatcher matcher = matcherFor(secret);
    byte[] hex = HexFormat.of().formatHex(secret).getBytes(UTF_8);
    byte[] noise = new byte[300 * 1024];
    new Random(12).nextBytes(noise);
    byte[] text = concat(noise, hex, noise);
    SecretMatcher.Session session = matcher.newSession();
    List<SecretMatch> found = new ArrayList<>();
    for (int at = 0; at < text.length; at += 8192) {
      found.addAll(session.feed(text, at, Math.min(8192, text.length - at)));
    }
    assertThat(found).contains(new SecretMatch(ID, SecretEncoding.HEX, noise.length, noise.length + hex.length));
  }

  @Test
  void doesNotFindNearMisses() {
    byte[] secret = "canary-5e1f0c2a9b7d-value".getBytes(UTF_8);
    SecretMatcher matcher = matcherFor(secret);
    List<byte[]> nearMisses = new ArrayList<>();
    byte[] changed = secret.clone();
    changed[10] ^= 0x01; // one bit in the middle
    nearMisses.add(changed);
    nearMisses.add(Arrays.copyOf(secret, secret.length - 1)); // truncated
    nearMisses.add(Arrays.copyOfRange(secret, 1, secret.length)); // first byte missing
    byte[] inserted = concat(Arrays.copyOf(secret, 12), "-".getBytes(UTF_8), Arrays.copyOfRange(secret, 12, secret.length));
    nearMisses.add(inserted);
    List<byte[]> texts = new ArrayList<>();
    for (byte[] miss : nearMisses) {
      for (Form form : formsOf(miss)) {
        if (form.encoding() == SecretEncoding.RAW || form.encoding() == SecretEncoding.HEX) {
          texts.add(form.bytes());
        } else if (miss != nearMisses.get(1)) {
          // Base64 of a truncated secret may share its leading characters with the secret's own encoding, so
          // only changed and shifted values are base64 near misses.
          texts.add(form.bytes());
        }
      }
    }
    String hex = HexFormat.of().formatHex(secret);
    StringBuilder mixed = new StringBuilder();
    int letters = 0;
    for (char c : hex.toCharArray()) {
      mixed.append(Character.isLetter(c) && letters++ % 2 == 0 ? Character.toUpperCase(c) : c);
    }
    assertThat(mixed.toString()).isNotEqualTo(hex).isNotEqualTo(hex.toUpperCase());
    texts.add(mixed.toString().getBytes(UTF_8)); // mixed-case hex is not a form we search
    texts.add(new String(secret, UTF_8).toUpperCase().getBytes(UTF_8));
    for (byte[] text : texts) {
      assertThat(matcher.findAll(text)).as(new String(text, UTF_8)).isEmpty();
    }
  }

  @Test
  void valuesShorterThanSixBytesAreReportedNotSearched() {
    SecretId shortId = SecretId.of("pin");
    SecretId longId = SecretId.of("token");
    Map<SecretId, SecretValue> secrets = new LinkedHashMap<>();
    secrets.put(shortId, SecretValue.copyOf("12345".getBytes(UTF_8)));
    secrets.put(longId, SecretValue.copyOf("123456".getBytes(UTF_8)));
    try (SecretMatcher matcher = SecretMatcher.of(secrets)) {
      assertThat(matcher.tooShortToMatch()).containsExactly(shortId);
      assertThat(matcher.searchedIds()).containsExactly(longId);
      assertThat(matcher.findAll("x 12345 y".getBytes(UTF_8))).isEmpty();
      assertThat(matcher.findAll("x 123456 y".getBytes(UTF_8)))
          .containsExactly(new SecretMatch(longId, SecretEncoding.RAW, 2, 8));
    }
  }

  @Test
  void secretsSharingAValueAreBothReported() {
    Map<SecretId, SecretValue> secrets = new LinkedHashMap<>();
    secrets.put(SecretId.of("a"), SecretValue.copyOf("same-value".getBytes(UTF_8)));
    secrets.put(SecretId.of("b"), SecretValue.copyOf("same-value".getBytes(UTF_8)));
    try (SecretMatcher matcher = SecretMatcher.of(secrets)) {
      assertThat(matcher.findAll("same-value".getBytes(UTF_8)))
          .extracting(SecretMatch::id)
          .containsExactly(SecretId.of("a"), SecretId.of("b"));
    }
  }

  @Test
  void aSecretThatIsAnotherSecretsEncodingIsLabelledForBoth() {
    byte[] plain = "plain-secret".getBytes(UTF_8);
    byte[] itsHex = HexFormat.of().formatHex(plain).getBytes(UTF_8);
    Map<SecretId, SecretValue> secrets = new LinkedHashMap<>();
    secrets.put(SecretId.of("plain"), SecretValue.copyOf(plain));
    secrets.put(SecretId.of("hexed"), SecretValue.copyOf(itsHex));
    try (SecretMatcher matcher = SecretMatcher.of(secrets)) {
      assertThat(matcher.findAll(itsHex))
          .contains(
              new SecretMatch(SecretId.of("plain"), SecretEncoding.HEX, 0, itsHex.length),
              new SecretMatch(SecretId.of("hexed"), SecretEncoding.RAW, 0, itsHex.length));
    }
  }

  @Test
  void pendingIsTheLongestTailThatCouldStillBecomeAMatch() {
    SecretMatcher matcher = matcherFor("hunter2-secret".getBytes(UTF_8));
    SecretMatcher.Session session = matcher.newSession();
    session.feed("line\n".getBytes(UTF_8), 0, 5);
    assertThat(session.pending()).isZero();
    session.feed("say hunter2-".getBytes(UTF_8), 0, 12);
    assertThat(session.pending()).isEqualTo(8);
    session.feed("x".getBytes(UTF_8), 0, 1);
    assertThat(session.pending()).isZero();
    assertThat(session.position()).isEqualTo(18);
  }

  @Test
  void anEmptyMatcherFindsNothing() {
    try (SecretMatcher matcher = SecretMatcher.empty()) {
      assertThat(matcher.isEmpty()).isTrue();
      SecretMatcher.Session session = matcher.newSession();
      assertThat(session.feed(new byte[10], 0, 10)).isEmpty();
      assertThat(session.position()).isEqualTo(10);
    }
  }

  @Test
  void aClosedMatcherRefusesToScanAndNeverPrintsValues() {
    SecretMatcher matcher = matcherFor("canary-closed-value".getBytes(UTF_8));
    assertThat(matcher.toString()).doesNotContain("canary");
    SecretMatcher.Session session = matcher.newSession();
    matcher.close();
    assertThatThrownBy(() -> session.feed(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theMatcherLeavesTheCallersValuesOpen() {
    SecretValue value = SecretValue.copyOf("still-mine-value".getBytes(UTF_8));
    SecretMatcher.of(Map.of(ID, value)).close();
    assertThat(value.closed()).isFalse();
  }
}
