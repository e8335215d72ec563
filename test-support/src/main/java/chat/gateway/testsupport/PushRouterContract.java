package chat.gateway.testsupport;

import static chat.gateway.testsupport.Connections.randomConnection;
import static chat.gateway.testsupport.Users.randomUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.gateway.application.port.in.LocalDelivery;
import chat.gateway.application.port.out.PushRouter;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload;
import chat.gateway.testsupport.RecordingLocalDelivery.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PushRouter} promises in its Javadoc, seen from the {@link LocalDelivery} of the
 * instance that holds the connections. An adapter's test extends this class and says how to build a
 * router delivering there; a router that learns routes elsewhere also says how it learns that a
 * user is connected there ({@link #connectedHere}).
 */
public abstract class PushRouterContract {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final RecordingLocalDelivery delivery = new RecordingLocalDelivery();
  private final UserId bob = randomUser();
  private PushRouter router;

  /** A router that hands pushes for users connected "here" to {@code delivery}. */
  protected abstract PushRouter newRouter(LocalDelivery delivery);

  /** Makes {@code user} connected to the instance of the delivery; nothing to do by default. */
  protected void connectedHere(PushRouter router, UserId user) {}

  @BeforeEach
  void createRouter() {
    router = newRouter(delivery);
    delivery.connect(bob);
    connectedHere(router, bob);
  }

  @Test
  void handsAPushToTheInstanceOfTheUserWithTheConnectionToSkip() {
    ConnectionId sending = randomConnection();
    ServerPayload payload = receipt(1);

    router.push(bob, payload, Optional.of(sending));
    router.push(bob, receipt(2), Optional.empty());

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(delivery.deliveriesTo(bob))
                    .containsExactly(
                        new Delivery(bob, payload, Optional.of(sending)),
                        new Delivery(bob, receipt(2), Optional.empty())));
  }

  @Test
  void pushesOfOneCallerArriveInTheOrderRouted() {
    List<ServerPayload> pushes = IntStream.rangeClosed(1, 500).mapToObj(n -> receipt(n)).toList();

    pushes.forEach(push -> router.push(bob, push, Optional.empty()));

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(payloadsTo(bob)).containsExactlyElementsOf(pushes));
  }

  @Test
  void eachOfManyCallersKeepsItsOwnOrder() {
    int callers = 4;
    int each = 200;

    Concurrently.run(
        callers,
        caller ->
            () -> {
              for (int n = 1; n <= each; n++) {
                router.push(bob, receipt(caller * 10_000 + n), Optional.empty());
              }
              return null;
            });

    await().atMost(PATIENCE).until(() -> payloadsTo(bob).size() == callers * each);
    for (int caller = 0; caller < callers; caller++) {
      List<ServerPayload> expected =
          IntStream.rangeClosed(1, each).mapToObj(receiptsOf(caller)).toList();
      List<ServerPayload> fromCaller = payloadsTo(bob).stream().filter(expected::contains).toList();
      assertThat(fromCaller).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aPushToAUserWithoutConnectionsIsDroppedQuietly() {
    UserId nobody = randomUser();

    router.push(nobody, receipt(1), Optional.empty());
    router.push(bob, receipt(2), Optional.empty());

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(payloadsTo(bob)).containsExactly(receipt(2)));
  }

  private List<ServerPayload> payloadsTo(UserId user) {
    return delivery.deliveriesTo(user).stream().map(Delivery::payload).toList();
  }

  private IntFunction<ServerPayload> receiptsOf(int caller) {
    return n -> receipt(caller * 10_000 + n);
  }

  private ServerPayload receipt(long n) {
    return new ServerPayload.ReceiptPush(MessageId.of(n), bob, DeliveryStatus.DELIVERED);
  }
}
