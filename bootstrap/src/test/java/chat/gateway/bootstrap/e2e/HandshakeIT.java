package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP side of a connection, over raw sockets: which upgrade requests are served and how bad
 * ones are answered (RFC 6455 4.2), the handshake timeout for silent and half-sent requests, and
 * the cap on sockets that have not upgraded yet.
 */
class HandshakeIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  /** A handshake timeout of 1 s; everything else the defaults. */
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFixture.start(config -> GatewayFixture.withHandshakes(config, TIMEOUT, 1000));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static int port() {
    return gateway.gateway().port();
  }

  // --- the upgrade request ------------------------------------------------------------------

  static Stream<Arguments> badUpgradeRequests() {
    return Stream.of(
        bad("no Upgrade header", h -> h.remove("Upgrade"), 426, "upgrade", "websocket"),
        bad("Upgrade: h2c", h -> h.put("Upgrade", "h2c"), 426, "upgrade", "websocket"),
        bad("no Connection header", h -> h.remove("Connection"), 400, null, null),
        bad("Connection: keep-alive", h -> h.put("Connection", "keep-alive"), 400, null, null),
        bad(
            "no Sec-WebSocket-Version",
            h -> h.remove("Sec-WebSocket-Version"),
            426,
            "sec-websocket-version",
            "13"),
        bad(
            "draft version 8",
            h -> h.put("Sec-WebSocket-Version", "8"),
            426,
            "sec-websocket-version",
            "13"),
        bad(
            "draft version 7",
            h -> h.put("Sec-WebSocket-Version", "7"),
            426,
            "sec-websocket-version",
            "13"),
        bad(
            "version 14",
            h -> h.put("Sec-WebSocket-Version", "14"),
            426,
            "sec-websocket-version",
            "13"),
        bad("no Sec-WebSocket-Key", h -> h.remove("Sec-WebSocket-Key"), 400, null, null),
        bad("empty Sec-WebSocket-Key", h -> h.put("Sec-WebSocket-Key", ""), 400, null, null),
        bad("key not base64", h -> h.put("Sec-WebSocket-Key", "not a nonce!!!!!!!!!!!!!"), 400),
        bad("key of 15 bytes", h -> h.put("Sec-WebSocket-Key", nonce(15)), 400),
        bad("key of 17 bytes", h -> h.put("Sec-WebSocket-Key", nonce(17)), 400),
        bad(
            "key without padding",
            h -> h.put("Sec-WebSocket-Key", nonce(16).replace("=", "")),
            400));
  }

  private static Arguments bad(String name, Consumer<Map<String, String>> change, int status) {
    return bad(name, change, status, null, null);
  }

  private static Arguments bad(
      String name,
      Consumer<Map<String, String>> change,
      int status,
      String header,
      String headerValue) {
    Map<String, String> headers = RawSocket.upgradeHeaders();
    change.accept(headers);
    return Arguments.of(name, headers, status, header, headerValue);
  }

  private static String nonce(int bytes) {
    return Base64.getEncoder().encodeToString(new byte[bytes]);
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("badUpgradeRequests")
  void aBadUpgradeRequestGetsAClearStatusAndAShortPlainBody(
      String name, Map<String, String> headers, int status, String header, String headerValue) {
    try (RawSocket socket = RawSocket.connect(port())) {
      RawSocket.Response response = socket.request(headers);

      assertThat(response.status()).as(name).isEqualTo(status);
      if (header != null) {
        assertThat(response.headers()).containsEntry(header, headerValue);
      }
      assertThat(response.headers().get("content-type")).startsWith("text/plain");
      assertThat(response.body()).isNotBlank().hasLineCount(1).doesNotContain("Exception");
      assertThat(socket.endsWithin(Duration.ofSeconds(5)))
          .as("a refused request's connection is closed")
          .isTrue();
    }
  }

  @Test
  void aPostToTheEndpointGets405() {
    try (RawSocket socket = RawSocket.connect(port())) {
      RawSocket.Response response = socket.request("POST", RawSocket.upgradeHeaders());
      assertThat(response.status()).isEqualTo(405);
      assertThat(response.headers()).containsEntry("allow", "GET");
    }
  }

  @Test
  void aValidVersion13RequestIsUpgradedAndServed() {
    Map<String, String> headers = RawSocket.upgradeHeaders();
    headers.put("Connection", "keep-alive, Upgrade"); // as Firefox sends it
    headers.put("Upgrade", "WebSocket");
    try (RawSocket socket = RawSocket.connect(port())) {
      RawSocket.Response response = socket.request(headers);
      assertThat(response.status()).isEqualTo(101);
      // RFC 6455 4.2.2: base64(SHA-1(key + GUID)) for the RFC's sample key.
      assertThat(response.headers())
          .containsEntry("sec-websocket-accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
      socket.request(1, new ClientPayload.Auth(gateway.token(7001)));
      assertThat(socket.readServerFrame().type()).isEqualTo(FrameType.AUTH_RSP);
    }
  }

  // --- the handshake timeout ----------------------------------------------------------------

  @Test
  void aSocketThatSendsNothingIsClosedAfterTheHandshakeTimeout() {
    try (RawSocket silent = RawSocket.connect(port())) {
      assertThat(silent.endsWithin(TIMEOUT.dividedBy(2))).as("open before the timeout").isFalse();
      assertThat(silent.endsWithin(TIMEOUT.multipliedBy(3))).as("closed after it").isTrue();
    }
  }

  @Test
  void aSocketThatSendsPartOfTheRequestIsClosedAfterTheHandshakeTimeout() {
    try (RawSocket partial = RawSocket.connect(port())) {
      partial.send("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n".getBytes(UTF8));
      assertThat(partial.endsWithin(TIMEOUT.multipliedBy(3))).isTrue();
    }
  }

  @Test
  void aSocketTricklingTheRequestIsClosedAfterTheHandshakeTimeoutCountedFromItsFirstByte() {
    try (RawSocket trickle = RawSocket.connect(port())) {
      trickle.send("GET /ws HTTP/1.1\r\n".getBytes(UTF8));
      long started = System.nanoTime();
      boolean ended = false;
      // A header line every 200 ms: each arrives well within the timeout, the request never ends.
      for (int line = 0; line < 30 && !ended; line++) {
        try {
          trickle.send(("X-Pad-" + line + ": x\r\n").getBytes(UTF8));
        } catch (RuntimeException closed) {
          ended = true;
          break;
        }
        ended = trickle.endsWithin(Duration.ofMillis(200));
      }
      assertThat(ended).as("closed while trickling").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.multipliedBy(4));
    }
  }

  @Test
  void anUpgradedConnectionIsNotCutByTheHandshakeTimeout() throws Exception {
    try (TestClient client = gateway.login(7002)) {
      Thread.sleep(TIMEOUT.multipliedBy(3));
      client.send(new ClientPayload.Ping());
      client.await(FrameType.PONG);
      assertThat(client.isClosed()).isFalse();
    }
    try (RawSocket raw = RawSocket.upgraded(port())) {
      raw.request(1, new ClientPayload.Auth(gateway.token(7003)));
      assertThat(raw.readServerFrame().type()).isEqualTo(FrameType.AUTH_RSP);
      assertThat(raw.endsWithin(TIMEOUT.multipliedBy(3))).isFalse();
    }
  }

  @Test
  void upgradedSocketsDoNotCountAsPendingHandshakes() {
    try (TestClient a = gateway.login(7004);
        TestClient b = gateway.login(7005)) {
      a.roundTrip();
      b.roundTrip();
      await().atMost(Duration.ofSeconds(5)).until(() -> gateway.gateway().pendingHandshakes() == 0);
    }
  }

  // --- the handshake cap --------------------------------------------------------------------

  @Test
  void socketsBeyondTheHandshakeCapCloseTheOldestAndAClientStillLogsIn() {
    int cap = 4;
    try (GatewayFixture capped =
        GatewayFixture.start(
            config -> GatewayFixture.withHandshakes(config, Duration.ofSeconds(30), cap))) {
      int port = capped.gateway().port();
      List<RawSocket> silent = new ArrayList<>();
      try {
        // One at a time, so that the gateway accepts them in this order (oldest first).
        for (int i = 0; i < cap; i++) {
          silent.add(RawSocket.connect(port));
          int held = i + 1;
          await()
              .atMost(Duration.ofSeconds(5))
              .until(() -> capped.gateway().pendingHandshakes() == held);
        }
        assertThat(silent.getFirst().endsWithin(Duration.ofMillis(300))).isFalse();

        // Two more: the two oldest are closed at once, long before the 30 s timeout.
        silent.add(RawSocket.connect(port));
        assertThat(silent.get(0).endsWithin(Duration.ofSeconds(5))).isTrue();
        silent.add(RawSocket.connect(port));
        assertThat(silent.get(1).endsWithin(Duration.ofSeconds(5))).isTrue();
        assertThat(silent.get(2).endsWithin(Duration.ofMillis(300))).isFalse();
        assertThat(capped.gateway().pendingHandshakes()).isEqualTo(cap);

        // A real client, with the cap full of silent sockets, connects and logs in.
        try (TestClient client = capped.login(7100)) {
          client.roundTrip();
          assertThat(capped.gateway().pendingHandshakes()).isLessThanOrEqualTo(cap);
        }
      } finally {
        silent.forEach(RawSocket::close);
      }
    }
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
