package dev.stowage.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.registry.RegistryException;
import dev.stowage.registry.RegistryHosts;
import dev.stowage.registry.http.EndpointCaller;
import dev.stowage.registry.testing.InProcessRegistry;
import dev.stowage.registry.testing.InProcessRegistry.Recorded;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenExchangerTest {
  private InProcessRegistry registry;
  private final MutableClock clock = new MutableClock();
  private final HttpClient http = EndpointCaller.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    registry = InProcessRegistry.start().requireBearer("alice", "wonderland", true);
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private Challenge challenge() {
    return Challenge.parse("Bearer realm=\"http://" + registry.registry() + "/token\",service=\"in-process\"").get(0);
  }

  private TokenExchanger exchanger() {
    return new TokenExchanger(http, RegistryHosts.secureByDefault(), clock);
  }

  @Test
  void cachesATokenPerScopeUntilShortlyBeforeItExpires() {
    TokenExchanger tokens = exchanger();
    List<String> pull = List.of(Scopes.pull("app"));

    BearerToken token = tokens.exchange(registry.registry(), challenge(), pull, Optional.empty(), "pulling");

    assertThat(tokens.cached(registry.registry(), pull)).containsSame(token);
    assertThat(tokens.cached(registry.registry(), List.of(Scopes.pullPush("app")))).isEmpty();
    assertThat(tokens.cached("elsewhere:5000", pull)).isEmpty();
    assertThat(token.expiresAt()).isEqualTo(clock.instant().plusSeconds(290)); // 300 s, refreshed 10 s early
    clock.advance(Duration.ofSeconds(289));
    assertThat(tokens.cached(registry.registry(), pull)).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(tokens.cached(registry.registry(), pull)).isEmpty();
  }

  @Test
  void theCacheBelongsToTheInstance() {
    List<String> pull = List.of(Scopes.pull("app"));
    exchanger().exchange(registry.registry(), challenge(), pull, Optional.empty(), "pulling");

    assertThat(exchanger().cached(registry.registry(), pull)).isEmpty();
  }

  @Test
  void sendsBasicCredentialsToTheRealmAndNeverShowsTheToken() {
    BearerToken token = exchanger().exchange(registry.registry(), challenge(), List.of(Scopes.pullPush("app")),
        Optional.of(Credential.of("alice", "wonderland")), "pushing");

    Recorded request = registry.requests().get(0);
    assertThat(request.pathAndQuery())
        .isEqualTo("/token?service=in-process&scope=repository%3Aapp%3Apull%2Cpush&account=alice");
    assertThat(request.authorization()).hasValue("Basic YWxpY2U6d29uZGVybGFuZA==");
    assertThat(token.authorization()).startsWith("Bearer tok-");
    assertThat(token.toString()).doesNotContain("tok-");
  }

  @Test
  void anIdentityTokenIsExchangedWithTheOAuthRefreshGrant() {
    registry.acceptIdentityToken("refresh-0123456789");

    BearerToken token = exchanger().exchange(registry.registry(), challenge(), List.of(Scopes.pullPush("app")),
        Optional.of(Credential.identityToken("refresh-0123456789")), "pushing");

    assertThat(token.authorization()).startsWith("Bearer tok-");
    Recorded request = registry.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.authorization()).isEmpty();
  }

  @Test
  void refusesToSendCredentialsToAPlainHttpRealmOfAnotherHost() {
    Challenge remote = Challenge.parse("Bearer realm=\"http://auth.example/token\",service=\"x\"").get(0);

    assertThatThrownBy(() -> exchanger().exchange("registry.example", remote, List.of(Scopes.pull("app")),
            Optional.of(Credential.of("alice", "wonderland")), "pulling manifest registry.example/app:1"))
        .isInstanceOf(RegistryException.Unauthorized.class)
        .hasMessage("pulling manifest registry.example/app:1: refusing to send the credentials for registry.example"
            + " to the token service http://auth.example/token over plain HTTP; use an HTTPS realm or add its host"
            + " to --insecure-registry");
    assertThat(registry.requests()).isEmpty();
  }

  @Test
  void aChallengeWithoutRealmOrATokenResponseWithoutTokenIsAProtocolViolation() {
    assertThatThrownBy(() -> exchanger().exchange(registry.registry(), Challenge.parse("Bearer service=x").get(0),
            List.of(), Optional.empty(), "pulling"))
        .isInstanceOf(RegistryException.ProtocolViolation.class)
        .hasMessageContaining("named no realm");
    registry.tokenResponse("{\"expires_in\": 300}");
    assertThatThrownBy(() -> exchanger().exchange(registry.registry(), challenge(), List.of(), Optional.empty(), "pulling"))
        .isInstanceOf(RegistryException.ProtocolViolation.class)
        .hasMessageContaining("without a token or access_token");
  }

  /** A clock tests move by hand. */
  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
