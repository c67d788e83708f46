package dev.stowage.secrets.redact;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.secrets.SecretId;
import dev.stowage.secrets.SecretValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RedactingOutputStreamTest {
  private static final String SECRET = "hunter2-c4n4ry-value";
  private static final String OTHER = "s3cond/secret+value";

  private static SecretMatcher matcher() {
    Map<SecretId, SecretValue> secrets = new LinkedHashMap<>();
    secrets.put(SecretId.of("first"), SecretValue.copyOf(SECRET.getBytes(UTF_8)));
    secrets.put(SecretId.of("second"), SecretValue.copyOf(OTHER.getBytes(UTF_8)));
    return SecretMatcher.of(secrets);
  }

  private static final String TEXT =
      "start " + SECRET + " middle\n"
          + "b64=" + Base64.getEncoder().encodeToString(SECRET.getBytes(UTF_8)) + "\n"
          + "hex=" + HexFormat.of().formatHex(OTHER.getBytes(UTF_8)) + "\n"
          + "adjacent=" + SECRET + OTHER + ";\n"
          + "partial=hunter2-c4n4ry-valu end\n"
          + "url=" + java.net.URLEncoder.encode(OTHER, UTF_8) + "\n"
          + SECRET;

  private static final String EXPECTED =
      "start **** middle\n"
          + "b64=****\n"
          + "hex=****\n"
          + "adjacent=****;\n"
          + "partial=hunter2-c4n4ry-valu end\n"
          + "url=****\n"
          + "****";

  private static String writeInPieces(byte[] text, int... splits) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (RedactingOutputStream out = new RedactingOutputStream(sink, matcher())) {
      int from = 0;
      for (int split : splits) {
        out.write(text, from, split - from);
        from = split;
      }
      out.write(text, from, text.length - from);
    }
    return sink.toString(UTF_8);
  }

  @Test
  void masksAcrossEveryWriteBoundary() throws IOException {
    byte[] text = TEXT.getBytes(UTF_8);
    for (int split = 0; split <= text.length; split++) {
      assertThat(writeInPieces(text, split)).as("split at %d", split).isEqualTo(EXPECTED);
    }
  }

  @Test
  void masksAcrossEveryPairOfWriteBoundaries() throws IOException {
    byte[] text = ("a " + SECRET + SECRET + " b " + OTHER).getBytes(UTF_8);
    for (int first = 0; first <= text.length; first++) {
      for (int second = first; second <= text.length; second++) {
        assertThat(writeInPieces(text, first, second)).as("splits %d, %d", first, second).isEqualTo("a **** b ****");
      }
    }
  }

  @Test
  void masksWhenWrittenOneByteAtATime() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (RedactingOutputStream out = new RedactingOutputStream(sink, matcher())) {
      for (byte b : TEXT.getBytes(UTF_8)) {
        out.write(b);
      }
    }
    assertThat(sink.toString(UTF_8)).isEqualTo(EXPECTED);
  }

  @Test
  void aCompleteLineIsPassedOnAtOnce() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    RedactingOutputStream out = new RedactingOutputStream(sink, matcher());
    out.write("compiling module 1 of 3\n".getBytes(UTF_8));
    out.flush();
    assertThat(sink.toString(UTF_8)).isEqualTo("compiling module 1 of 3\n");
    out.write(("token: " + SECRET + "\n").getBytes(UTF_8));
    assertThat(sink.toString(UTF_8)).isEqualTo("compiling module 1 of 3\ntoken: ****\n");
  }

  @Test
  void holdsBackOnlyATailThatCouldBeginASecret() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    RedactingOutputStream out = new RedactingOutputStream(sink, matcher());
    out.write("echo hunter2-c4n".getBytes(UTF_8));
    assertThat(sink.toString(UTF_8)).isEqualTo("echo ");
    out.write("4ry-value\n".getBytes(UTF_8));
    assertThat(sink.toString(UTF_8)).isEqualTo("echo ****\n");
    out.write("hunter2 is not it".getBytes(UTF_8));
    assertThat(sink.toString(UTF_8)).isEqualTo("echo ****\nhunter2 is not it");
  }

  @Test
  void neverHoldsBackAsMuchAsTheLongestForm() throws IOException {
    SecretMatcher matcher = matcher();
    Random random = new Random(3);
    // Pieces of the secrets that keep starting partial matches but never complete one ("valu" lacks its "e"),
    // so nothing is masked and the sink's length is exactly the number of input bytes released.
    String[] pieces = {"hunter2-", "c4n4ry-", "valu", "s3cond/", "secret+", "x", "\n"};
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    RedactingOutputStream out = new RedactingOutputStream(sink, matcher);
    long written = 0;
    long mostHeld = 0;
    for (int i = 0; i < 5000; i++) {
      byte[] piece = pieces[random.nextInt(pieces.length)].getBytes(UTF_8);
      out.write(piece);
      written += piece.length;
      long held = written - sink.size();
      assertThat(held).isLessThan(matcher.longestPattern());
      mostHeld = Math.max(mostHeld, held);
    }
    out.close();
    assertThat(sink.size()).isEqualTo(written);
    assertThat(mostHeld).as("the test did make the stream hold bytes back").isGreaterThan(10);
  }

  @Test
  void closeReleasesAnUnfinishedPrefixAsItIs() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    RedactingOutputStream out = new RedactingOutputStream(sink, matcher());
    out.write("tail hunter2-c4".getBytes(UTF_8));
    assertThat(sink.toString(UTF_8)).isEqualTo("tail ");
    out.close();
    assertThat(sink.toString(UTF_8)).isEqualTo("tail hunter2-c4");
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
    out.close(); // idempotent
  }

  @Test
  void anEmptyMatcherPassesBytesThrough() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (RedactingOutputStream out = new RedactingOutputStream(sink, SecretMatcher.empty())) {
      out.write("anything at all".getBytes(UTF_8), 3, 5);
      assertThat(sink.toString(UTF_8)).isEqualTo("thing");
    }
  }

  @Test
  void overlappingMatchesBecomeOneMask() throws IOException {
    Map<SecretId, SecretValue> secrets = new LinkedHashMap<>();
    secrets.put(SecretId.of("a"), SecretValue.copyOf("abcdef-123".getBytes(UTF_8)));
    secrets.put(SecretId.of("b"), SecretValue.copyOf("123-uvwxyz".getBytes(UTF_8)));
    try (SecretMatcher matcher = SecretMatcher.of(secrets)) {
      assertThat(RedactingOutputStream.redact(matcher, "[abcdef-123-uvwxyz]")).isEqualTo("[****]");
    }
  }

  @Test
  void redactsTextInMemory() {
    assertThat(RedactingOutputStream.redact(matcher(), "msg: " + SECRET + " / " + OTHER))
        .isEqualTo("msg: **** / ****");
  }
}
