package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.ConnectionIdSource;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.PresenceDirectory;
import chat.gateway.application.port.out.PresenceWatchers;
import chat.gateway.application.port.out.RoutingTable;
import chat.gateway.application.port.out.TokenVerifier;
import chat.gateway.application.port.out.UserDirectory;
import chat.gateway.application.session.GatewayCoreBuilder.AudienceMode;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import chat.gateway.domain.protocol.ServerPayload.ChatPush;
import chat.gateway.domain.protocol.ServerPayload.PresencePush;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Closing is failure-safe: whatever an outbound port throws, a RuntimeException or an Error, while
 * clients chat, acknowledge, sync, set presence, log in, are evicted and leave, every socket the
 * gateway closes is closed, every closed socket leaves the registry, nobody stays online who has no
 * socket, and once the port works again the gateway serves as before.
 */
class FailureSafetyTest {

  private static final Duration SWEEP = Duration.ofMillis(100);

  private final UserId alice = UserId.of(1);
  private final UserId bob = UserId.of(2);
  private final UserId carol = UserId.of(3);

  static Stream<Arguments> everyPortAndFailure() {
    List<Class<?>> ports =
        List.of(
            MessageStore.class,
            RoutingTable.class,
            PresenceDirectory.class,
            PresenceWatchers.class,
            TokenVerifier.class,
            UserDirectory.class,
            ConnectionIdSource.class);
    List<Arguments> rows = new ArrayList<>();
    for (Class<?> port : ports) {
      rows.add(
          Arguments.argumentSet(
              port.getSimpleName() + " throws a RuntimeException",
              port,
              (Supplier<Throwable>) () -> new IllegalStateException("adapter down")));
      rows.add(
          Arguments.argumentSet(
              port.getSimpleName() + " throws an Error",
              port,
              (Supplier<Throwable>) () -> new OutOfMemoryError("simulated: Java heap space")));
    }
    return rows.stream();
  }

  @ParameterizedTest
  @MethodSource("everyPortAndFailure")
  void aThrowingPortLeavesNoSocketOpenNoGhostOnlineAndTheGatewayWorkingAfterwards(
      Class<?> port, Supplier<Throwable> failure) {
    Faults faults = new Faults();
    for (AudienceMode mode : AudienceMode.values()) {
      try (TestGateway gateway =
          TestGateway.with()
              .faults(faults)
              .audience(mode)
              .presenceSweep(SWEEP)
              .limits(limits -> limits.maxConnectionsPerUser(1))
              .start()) {
        TestClient sender = gateway.login(alice);
        TestClient recipient = gateway.login(bob);
        TestClient observer = gateway.login(carol);
        observer.send(new ClientPayload.PresenceSub(List.of(alice.value(), bob.value())));
        faults.fail(port, failure);

        // Everything a client can ask for, while the port throws.
        sender.chat(bob, "while the adapter is down");
        recipient.send(new ClientPayload.Ack(1, "delivered"));
        sender.send(new ClientPayload.SyncReq(0, 0));
        sender.send(new ClientPayload.Presence("away"));
        recipient.send(new ClientPayload.PresenceSub(List.of(alice.value())));
        List<TestClient> late = new ArrayList<>();
        Optional<TestClient> newcomer = tryOpen(gateway);
        newcomer.ifPresent(client -> client.auth(UserId.of(4)));
        newcomer.ifPresent(late::add);
        // A second login of bob evicts the first (one connection per user): a close by the gateway.
        Optional<TestClient> bobAgain = tryOpen(gateway);
        bobAgain.ifPresent(client -> client.auth(bob));
        bobAgain.ifPresent(late::add);
        sender.disconnect();

        // Whatever the gateway closed is closed, and only open sockets hold a slot.
        TestClient.eventually()
            .untilAsserted(
                () -> {
                  assertThat(gateway.core.registry().connectionsOf(alice)).isEmpty();
                  long open =
                      Stream.concat(Stream.of(sender, recipient, observer), late.stream())
                          .filter(TestClient::isOpen)
                          .count();
                  assertThat(gateway.core.openSockets()).isEqualTo((int) open);
                });
        if (bobAgain.isPresent() && bobAgain.get().isOpen() && !recipient.isOpen()) {
          assertThat(recipient.awaitClose()).isEqualTo(CloseReason.REPLACED);
        }

        // The requests above run on the sessions' queues: the port meets them before it heals.
        TestClient.eventually().until(() -> faults.thrown(port) > 0);
        faults.heal();
        // Presence converges on the registry's truth: alice, who has no socket, is offline.
        TestClient.eventually()
            .untilAsserted(
                () ->
                    assertThat(gateway.presence.statusOf(alice)).isEqualTo(PresenceStatus.OFFLINE));
        for (TestClient client :
            Stream.concat(Stream.of(recipient, observer), late.stream()).toList()) {
          // Every socket still open serves (one being evicted may close meanwhile).
          long ping = client.send(new ClientPayload.Ping());
          TestClient.eventually()
              .until(
                  () ->
                      !client.isOpen()
                          || client.frames().stream()
                              .anyMatch(
                                  f ->
                                      f.seq() == ping
                                          && f.payload() instanceof ServerPayload.Pong));
        }
        assertWorks(gateway);
      }
      faults.heal();
    }
    assertThat(faults.thrown(port)).as("the fault was exercised").isPositive();
  }

  @Test
  void aPresenceStoreThatThrowsDuringAGatewayCloseStillClosesTheSocketAndFreesTheSlot() {
    Faults faults = new Faults();
    try (TestGateway gateway =
        TestGateway.with()
            .faults(faults)
            .presenceSweep(SWEEP)
            .limits(limits -> limits.maxConnectionsPerUser(1))
            .start()) {
      TestClient first = gateway.login(bob);
      faults.fail(PresenceDirectory.class, () -> new IllegalStateException("redis down"));

      // The newer login evicts the first: Unregister meets the throwing store.
      TestClient second = gateway.open();
      second.auth(bob);

      assertThat(first.awaitClose()).isEqualTo(CloseReason.REPLACED);
      // The second login met the throwing store when it started its session, and was closed for a
      // reconnect; either way, only open sockets are registered and hold slots.
      TestClient.eventually()
          .until(
              () -> gateway.core.registry().connectionsOf(bob).size() == (second.isOpen() ? 1 : 0));
      faults.heal();
      TestClient.eventually().until(() -> gateway.core.openSockets() == (second.isOpen() ? 1 : 0));
    }
  }

  @Test
  void anErrorInsideASessionLeavesNoGhostOnlineAndTheSessionServing() {
    Faults faults = new Faults();
    try (TestGateway gateway = TestGateway.with().faults(faults).presenceSweep(SWEEP).start()) {
      TestClient observer = gateway.login(carol);
      TestClient sender = gateway.login(alice);
      observer.awaitPush(PresencePush.class, push -> push.userId().equals(alice));
      faults.fail(MessageStore.class, () -> new OutOfMemoryError("simulated: Java heap space"));

      long seq = sender.chat(bob, "lost in an Error");

      ServerPayload.Error error = sender.awaitReply(seq, ServerPayload.Error.class);
      assertThat(error.code()).hasToString("WS_INTERNAL_ERROR");
      faults.heal();
      // The mailbox survived the Error: the session still serves, and its close still runs.
      sender.roundTrip();
      sender.disconnect();
      observer.awaitPush(
          PresencePush.class,
          push -> push.userId().equals(alice) && push.status() == PresenceStatus.OFFLINE);
      TestClient.eventually().until(() -> gateway.core.openSockets() == 1);
      assertThat(gateway.presence.statusOf(alice)).isEqualTo(PresenceStatus.OFFLINE);
    }
  }

  @Test
  void presenceOfAConnectionTheRegistryNoLongerHoldsIsForgottenAtTheNextSweep() {
    Faults faults = new Faults();
    try (TestGateway gateway = TestGateway.with().faults(faults).presenceSweep(SWEEP).start()) {
      TestClient observer = gateway.login(carol);
      TestClient leaving = gateway.login(alice);
      faults.fail(PresenceDirectory.class, () -> new IllegalStateException("redis down"));

      leaving.disconnect();
      TestClient.eventually().until(() -> gateway.core.registry().connectionsOf(alice).isEmpty());
      assertThat(gateway.presence.statusOf(alice)).isEqualTo(PresenceStatus.ONLINE);
      faults.heal();

      observer.awaitPush(
          PresencePush.class,
          push -> push.userId().equals(alice) && push.status() == PresenceStatus.OFFLINE);
      assertThat(gateway.presence.statusOf(alice)).isEqualTo(PresenceStatus.OFFLINE);
    }
  }

  private static Optional<TestClient> tryOpen(TestGateway gateway) {
    try {
      return gateway.tryOpen(RecordingTransport.unbounded());
    } catch (RuntimeException | Error refused) {
      // The adapter would close this socket with 4000; here there is no socket to close.
      return Optional.empty();
    }
  }

  /** Two fresh users log in and chat. */
  private static void assertWorks(TestGateway gateway) {
    UserId dave = UserId.of(500);
    UserId erin = UserId.of(501);
    TestClient from = gateway.login(dave);
    TestClient to = gateway.login(erin);
    ChatAck ack = from.awaitReply(from.chat(erin, "after the outage"), ChatAck.class);
    to.awaitPush(ChatPush.class, push -> push.message().id().equals(ack.messageId()));
    from.disconnect();
    to.disconnect();
  }
}
