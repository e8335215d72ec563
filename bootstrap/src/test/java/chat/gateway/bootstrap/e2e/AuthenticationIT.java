package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.bootstrap.GatewayConfig;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Auth over a real socket: success, every refusal, and what a refusal does to the socket. */
class AuthenticationIT {

  private static final String ISSUER = "https://id.example.test";
  private static final String AUDIENCE = "chat-gateway";

  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway =
        GatewayFixture.start(
            config ->
                GatewayFixture.withAuth(
                    config,
                    new GatewayConfig.Auth(
                        config.auth().secret(),
                        Optional.empty(),
                        Optional.of(ISSUER),
                        Optional.of(AUDIENCE),
                        Duration.ofSeconds(5),
                        config.auth().devSecretFile())));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void aValidTokenAuthenticatesAndTheReplyEchoesTheSeq() {
    try (TestClient client = gateway.connect()) {
      client.send(new ClientFrame(42, new ClientPayload.Auth(gateway.token(7))));
      ServerFrame reply = client.await(FrameType.AUTH_RSP);
      assertThat(reply.seq()).isEqualTo(42);
      assertThat(reply.payload()).isEqualTo(ServerPayload.AuthRsp.ok(UserId.of(7)));
    }
  }

  static Stream<Arguments> refusedTokens() {
    String secret = GatewayFixture.SECRET;
    Instant past = Instant.now().minusSeconds(3600);
    return Stream.of(
        Arguments.of(
            "bad signature",
            Tokens.hs256(
                "another-secret-that-is-also-32-bytes-long!", "7", AuthenticationIT::valid),
            "signature"),
        Arguments.of(
            "expired",
            Tokens.hs256(secret, "7", b -> valid(b).expirationTime(Date.from(past))),
            "expired"),
        Arguments.of("alg none", Tokens.unsecured("7"), "algorithm"),
        Arguments.of(
            "wrong issuer",
            Tokens.hs256(secret, "7", b -> valid(b).issuer("https://evil")),
            "issuer"),
        Arguments.of(
            "wrong audience",
            Tokens.hs256(secret, "7", b -> valid(b).audience("other")),
            "audience"),
        Arguments.of(
            "non-numeric sub", Tokens.hs256(secret, "alice", AuthenticationIT::valid), "sub"),
        Arguments.of(
            "user unknown to the directory",
            Tokens.hs256(secret, "999999999", AuthenticationIT::valid),
            "unknown user"),
        Arguments.of(
            "numeric sub",
            Tokens.hs256(secret, null, b -> valid(b).claim("sub", 7L)),
            "sub must be a string"),
        Arguments.of(
            "trailing newline",
            Tokens.hs256(secret, "7", AuthenticationIT::valid) + "\n",
            "malformed"),
        Arguments.of(
            "padding after the signature",
            Tokens.hs256(secret, "7", AuthenticationIT::valid) + "=",
            "malformed"),
        Arguments.of("not a token", "hello", "malformed"),
        Arguments.of("empty", "", "missing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedTokens")
  void aRefusedTokenGetsAFailedAuthRspThenClose1008(String name, String token, String reason) {
    try (TestClient client = gateway.connect()) {
      ServerPayload.AuthRsp rsp = client.auth(token);
      assertThat(rsp.success()).isFalse();
      assertThat(rsp.userId()).isEmpty();
      assertThat(rsp.error())
          .hasValueSatisfying(
              error -> {
                assertThat(error).startsWith(ErrorCode.WS_AUTH_FAILED.name());
                assertThat(error).containsIgnoringCase(reason);
              });
      assertThat(client.awaitClose()).isEqualTo(1008);
    }
  }

  @Test
  void aTokenExpiringAtTheLargestExpAuthenticates() {
    // exp = 2^63-1 used to overflow into 1969 and be refused as expired.
    String token =
        Tokens.hs256(GatewayFixture.SECRET, "7", b -> valid(b).claim("exp", Long.MAX_VALUE));
    try (TestClient client = gateway.connect()) {
      assertThat(client.auth(token)).isEqualTo(ServerPayload.AuthRsp.ok(UserId.of(7)));
    }
  }

  @Test
  void aFrameBeforeAuthIsRefusedWithItsSeqAndTheConnectionMayStillAuthenticate() {
    try (TestClient client = gateway.connect()) {
      long ping = client.send(new ClientPayload.Ping());
      ServerFrame error = client.await(FrameType.ERROR);
      assertThat(error.seq()).isEqualTo(ping);
      assertThat(((ServerPayload.Error) error.payload()).code())
          .isEqualTo(ErrorCode.WS_NOT_AUTHENTICATED);
      assertThat(client.auth(gateway.token(7)).success()).isTrue();
    }
  }

  @Test
  void aSecondAuthOnAnAuthenticatedConnectionIsAnError() {
    try (TestClient client = gateway.connect()) {
      assertThat(client.auth(gateway.token(7)).success()).isTrue();
      long again = client.send(new ClientPayload.Auth(gateway.token(8)));
      ServerFrame error = client.await(FrameType.ERROR);
      assertThat(error.seq()).isEqualTo(again);
      assertThat(((ServerPayload.Error) error.payload()).code())
          .isEqualTo(ErrorCode.WS_INVALID_MESSAGE);
    }
  }

  private static JWTClaimsSet.Builder valid(JWTClaimsSet.Builder claims) {
    return claims.issuer(ISSUER).audience(AUDIENCE);
  }
}
