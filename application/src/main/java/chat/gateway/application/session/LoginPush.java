package chat.gateway.application.session;

import chat.gateway.application.port.in.UserPresence;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.registry.Connection;
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

  LoginPush(MessageStore store, Executor executor, int pageSize) {
    this.store = store;
    this.executor = executor;
    this.pageSize = pageSize;
  }

  /**
   * Starts sending the presence snapshot ({@code snapshot} is asked for on the login push's own
   * thread), then the backlog of {@code connection}'s user. Call it at once when the connection is
   * registered: the backlog ends at the newest message stored at this call, and what is stored
   * later is pushed live. With a {@code resumePoint}, it ends there when that is earlier.
   */
  void start(
      Connection connection,
      Supplier<List<UserPresence>> snapshot,
      Optional<MessageId> resumePoint) {
    Optional<MessageId> latest;
    try {
      latest = store.latestId();
    } catch (RuntimeException | Error e) {
      // Thrown from here it would only be logged by the mailbox: the client, left without its
      // backlog, must be told to reconnect.
      fail(connection, e);
      return;
    }
    Optional<MessageId> last =
        latest.map(id -> resumePoint.filter(point -> point.compareTo(id) < 0).orElse(id));
    executor.execute(() -> push(connection, snapshot, last));
  }

  private void push(
      Connection connection, Supplier<List<UserPresence>> snapshot, Optional<MessageId> last) {
    try {
      for (UserPresence presence : snapshot.get()) {
        ServerPayload push = new ServerPayload.PresencePush(presence.user(), presence.status());
        if (!connection.sendPaced(ServerFrame.push(push))) {
          return;
        }
      }
      if (last.isPresent()) {
        pushBacklog(connection, last.get());
      }
    } catch (RuntimeException | Error e) {
      fail(connection, e);
    }
  }

  private static void fail(Connection connection, Throwable error) {
    LOG.log(Level.WARNING, "login push for connection " + connection.id() + " failed", error);
    connection.close(CloseReason.INTERNAL_ERROR);
  }

  private void pushBacklog(Connection connection, MessageId last) {
    Optional<MessageId> after = Optional.empty();
    while (true) {
      List<Message> page = store.undelivered(connection.user(), after, pageSize);
      for (Message message : page) {
        if (message.id().compareTo(last) > 0
            || !connection.sendPaced(ServerFrame.push(new ServerPayload.ChatPush(message)))) {
          return;
        }
        after = Optional.of(message.id());
      }
      if (page.size() < pageSize) {
        return;
      }
    }
  }
}
