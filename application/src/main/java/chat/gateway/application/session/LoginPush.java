package chat.gateway.application.session;

import chat.gateway.application.port.out.GatewayMetrics;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.PresenceChange;
import chat.gateway.application.registry.Connection;
import chat.gateway.application.service.Outages;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What a connection gets right after it authenticates, in the background: first the presence
 * snapshot it is owed, then every message still {@code sent} to its user, oldest first, read from
 * the store a page at a time. Every frame is sent paced ({@link Connection#sendPaced}), so however
 * large the backlog it never overflows the send queue nor crowds out live pushes; a client that
 * stops draining is closed as a slow consumer and gets the rest at its next login.
 *
 * <p>The backlog stops at the newest message stored when the connection was registered: anything
 * stored later is pushed live, so pushing it here too would only send it twice. A client that gave
 * a resume point in its Auth (the highest message id it holds) syncs what follows that point
 * itself, so the backlog then stops there too: below it, only messages the client may hold but
 * whose ack never reached the gateway are pushed again.
 */
final class LoginPush {

  private static final System.Logger LOG = System.getLogger(LoginPush.class.getName());

  private final MessageStore store;
  private final Executor executor;
  private final int pageSize;
  private final Outages outages;
  private final GatewayMetrics metrics;

  LoginPush(
      MessageStore store,
      Executor executor,
      int pageSize,
      Outages outages,
      GatewayMetrics metrics) {
    this.store = store;
    this.executor = executor;
    this.pageSize = pageSize;
    this.outages = outages;
    this.metrics = metrics;
  }

  /**
   * Where the backlog of a connection opened for live pushes just now ends: the newest message
   * stored, as what is stored later is pushed live.
   *
   * @throws RuntimeException when the store cannot say; the connection is then {@link #fail}ed
   */
  Optional<MessageId> backlogEnd() {
    return store.latestId();
  }

  /**
   * Starts sending the presence snapshot ({@code snapshot} is asked for on the login push's own
   * thread), then the backlog of {@code connection}'s user up to {@code last} ({@link
   * #backlogEnd}).
   */
  void start(
      ConnectionSession connection,
      Optional<MessageId> last,
      Supplier<List<PresenceChange>> snapshot) {
    executor.execute(() -> push(connection, snapshot, last));
  }

  private void push(
      ConnectionSession connection,
      Supplier<List<PresenceChange>> snapshot,
      Optional<MessageId> last) {
    try {
      try {
        for (PresenceChange presence : snapshot.get()) {
          if (!connection.sendSnapshotPresence(presence)) {
            return;
          }
        }
      } finally {
        connection.snapshotSent();
      }
      if (last.isPresent()) {
        pushBacklog(connection, last.get());
        outages.succeeded(Outages.Adapter.MESSAGE_STORE);
      }
    } catch (RuntimeException | Error e) {
      fail(connection, e);
    }
  }

  /** The client, left without its backlog, is told to reconnect. */
  void fail(Connection connection, Throwable error) {
    if (outages.failed(error)) {
      LOG.log(Level.DEBUG, "login push for connection {0} failed: {1}", connection.id(), error);
    } else {
      LOG.log(Level.WARNING, "login push for connection " + connection.id() + " failed", error);
    }
    connection.close(CloseReason.INTERNAL_ERROR);
  }

  private void pushBacklog(Connection connection, MessageId last) {
    Optional<MessageId> after = Optional.empty();
    while (true) {
      List<Message> page = store.undelivered(connection.user(), after, pageSize);
      metrics.loginPushPage();
      for (Message message : page) {
        if (message.id().compareTo(last) > 0
            || !connection.sendPaced(ServerFrame.push(new ServerPayload.ChatPush(message)))) {
          return;
        }
        metrics.messagesPushed(GatewayMetrics.PushPath.LOGIN, 1);
        after = Optional.of(message.id());
      }
      if (page.size() < pageSize) {
        return;
      }
    }
  }
}
