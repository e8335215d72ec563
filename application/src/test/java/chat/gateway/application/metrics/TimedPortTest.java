package chat.gateway.application.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.application.port.out.GatewayMetrics;
import chat.gateway.application.port.out.GatewayMetrics.Backend;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.protocol.FrameType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TimedPortTest {

  /** A port of the shapes the real ones have: a value, a future, a failure, a default. */
  interface Port {
    String echo(String value);

    CompletionStage<Void> later(CompletableFuture<Void> done);

    void fail();

    default String twice(String value) {
      return echo(value) + echo(value);
    }
  }

  private static final class Target implements Port {
    @Override
    public String echo(String value) {
      return value;
    }

    @Override
    public CompletionStage<Void> later(CompletableFuture<Void> done) {
      return done;
    }

    @Override
    public void fail() {
      throw new IllegalStateException("store down");
    }
  }

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final GatewayMetrics metrics = new Recording(calls);
  private final Port port = TimedPort.wrap(Port.class, new Target(), Backend.STORE, metrics);

  @Test
  void eachCallIsReportedWithItsMethodNameAndItsResultPassesThrough() {
    assertThat(port.echo("a")).isEqualTo("a");
    assertThat(port.twice("b")).isEqualTo("bb");

    // A default method is one call of the port: the target's own calls inside it are its own.
    assertThat(calls).containsExactly("STORE echo ok", "STORE twice ok");
  }

  @Test
  void aThrowReachesTheCallerUnchangedAndIsReportedFailed() {
    assertThatThrownBy(port::fail)
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("store down");

    assertThat(calls).containsExactly("STORE fail failed");
  }

  @Test
  void aFutureIsTimedUntilItCompletes() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<Void> failed = new CompletableFuture<>();

    assertThat(port.later(done)).isSameAs(done);
    port.later(failed);
    assertThat(calls).isEmpty();

    done.complete(null);
    failed.completeExceptionally(new IllegalStateException("broker down"));
    assertThat(calls).containsExactly("STORE later ok", "STORE later failed");
  }

  @Test
  void objectMethodsAreNotCalls() {
    assertThat(port.toString()).startsWith("timed ");
    assertThat(port).isEqualTo(port).hasSameHashCodeAs(port);
    assertThat(calls).isEmpty();
  }

  /** Only calls are recorded; every other event is ignored. */
  private record Recording(List<String> calls) implements GatewayMetrics {
    @Override
    public void call(Backend backend, String operation, long nanos, boolean failed) {
      assertThat(nanos).isNotNegative();
      calls.add(backend + " " + operation + (failed ? " failed" : " ok"));
    }

    @Override
    public void connectionOpened() {}

    @Override
    public void connectionClosed(int code) {}

    @Override
    public void authAccepted() {}

    @Override
    public void authRejected(String reason) {}

    @Override
    public void authUnavailable() {}

    @Override
    public void frameReceived(FrameType type, int bytes) {}

    @Override
    public void frameRefused(int bytes) {}

    @Override
    public void frameSent(FrameType type, int bytes) {}

    @Override
    public void slowConsumerClosed() {}

    @Override
    public void rateLimited(RateLimitAction action) {}

    @Override
    public void messageStored() {}

    @Override
    public void messagesPushed(PushPath path, int count) {}

    @Override
    public void chatPushDelay(long nanos) {}

    @Override
    public void messageAcknowledged(DeliveryStatus status) {}

    @Override
    public void loginPushPage() {}

    @Override
    public void syncPage() {}
  }
}
