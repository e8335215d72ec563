package chat.gateway.application.session;

import chat.gateway.application.port.in.AckOutcome;
import chat.gateway.application.port.in.AcknowledgeCommand;
import chat.gateway.application.port.in.ChatOutcome;
import chat.gateway.application.port.in.SyncOutcome;
import chat.gateway.application.port.in.UserPresence;
import chat.gateway.application.port.in.WatchOutcome;
import chat.gateway.application.registry.Connection;
import chat.gateway.application.service.Outages;
import chat.gateway.application.session.Commands.Read;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Serves one request of an active connection: reads it into a command, runs the use case, and turns
 * the outcome into frames. Every answer is a reply carrying the request's seq, sent paced: a client
 * that sends requests faster than it reads the answers waits, instead of filling the room kept for
 * pushes.
 */
final class RequestHandler {

  private static final System.Logger LOG = System.getLogger(RequestHandler.class.getName());

  private final SessionServices services;

  RequestHandler(SessionServices services) {
    this.services = services;
  }

  /** Serves {@code request}; never throws (the client is told when the request failed). */
  void serve(Connection connection, long seq, ClientPayload.SessionRequest request) {
    Answer answer = new Answer(connection, seq);
    try {
      UserId user = connection.user();
      boolean ran =
          switch (request) {
            case ClientPayload.Chat chat ->
                run(
                    answer,
                    Commands.chat(user, connection.id(), chat, services.limits()),
                    command -> chat(answer, services.chat().send(command)));
            case ClientPayload.Ack ack ->
                run(answer, Commands.acks(user, ack), commands -> acks(answer, commands));
            case ClientPayload.SyncReq sync ->
                run(
                    answer,
                    Commands.sync(user, sync),
                    command -> sync(answer, services.sync().sync(command)));
            case ClientPayload.Presence presence ->
                run(
                    answer,
                    Commands.presence(user, presence),
                    command -> services.presence().choose(command));
            case ClientPayload.PresenceSub sub ->
                run(
                    answer,
                    Commands.watch(user, connection.id(), sub),
                    command -> watch(answer, services.presence().watch(command)));
            case ClientPayload.Ping ping -> {
              answer.reply(new ServerPayload.Pong());
              yield false;
            }
          };
      if (ran) {
        touched(request).ifPresent(services.logs().outages()::succeeded);
      }
    } catch (Throwable e) {
      // An Error too (a stack overflow, an allocation that failed): the session carries on, the
      // client is told, and the next request starts afresh. An adapter's outage is logged once.
      if (services.logs().outages().failed(e)) {
        LOG.log(Level.DEBUG, "request {0} failed: {1}", request.type(), e.toString());
      } else {
        LOG.log(
            Level.WARNING,
            "request " + request.type() + " on connection " + connection.id() + " failed",
            e);
      }
      answer.fail(
          ErrorCode.WS_INTERNAL_ERROR, "the gateway could not complete the request; retry later");
    }
  }

  /** The adapter a request whose use case ran without failing shows to work. */
  private static Optional<Outages.Adapter> touched(ClientPayload.SessionRequest request) {
    return switch (request) {
      case ClientPayload.Chat chat -> Optional.of(Outages.Adapter.MESSAGE_STORE);
      case ClientPayload.Ack ack -> Optional.of(Outages.Adapter.MESSAGE_STORE);
      case ClientPayload.SyncReq sync -> Optional.of(Outages.Adapter.MESSAGE_STORE);
      case ClientPayload.Presence presence -> Optional.of(Outages.Adapter.CLUSTER_STATE);
      case ClientPayload.PresenceSub sub -> Optional.of(Outages.Adapter.CLUSTER_STATE);
      case ClientPayload.Ping ping -> Optional.empty();
    };
  }

  /** Runs the use case on a valid command; false when the request was invalid instead. */
  private static <T> boolean run(Answer answer, Read<T> read, Consumer<T> useCase) {
    return switch (read) {
      case Read.Command<T> command -> {
        useCase.accept(command.command());
        yield true;
      }
      case Read.Invalid<T> invalid -> {
        answer.fail(invalid.code(), invalid.reason());
        yield false;
      }
    };
  }

  private void chat(Answer answer, ChatOutcome outcome) {
    switch (outcome) {
      case ChatOutcome.Accepted accepted -> {
        Message message = accepted.message();
        answer.reply(
            new ServerPayload.ChatAck(message.id(), message.clientMsgId(), message.createdAt()));
        // Stored, acked, then pushed: in the order the protocol promises.
        services.chat().push(accepted);
      }
      case ChatOutcome.Refused refused -> answer.fail(refused.code(), refused.reason());
    }
  }

  /**
   * Applies the ids of an Ack together, each as if acked on its own; the recipient is answered only
   * when some were refused, with one Error for the frame: the first refusal, and for a batch how
   * many there were.
   */
  private void acks(Answer answer, List<AcknowledgeCommand> commands) {
    AckOutcome.Refused first = null;
    int refusals = 0;
    for (AckOutcome outcome : services.acknowledge().acknowledgeAll(commands)) {
      // Advanced: the sender hears of it. Unchanged: already there, acks are idempotent.
      if (outcome instanceof AckOutcome.Refused refused) {
        refusals++;
        if (first == null) {
          first = refused;
        }
      }
    }
    if (first == null) {
      return;
    }
    if (commands.size() == 1) {
      answer.fail(first.code(), first.reason());
    } else {
      answer.fail(
          first.code(),
          first.reason()
              + " ("
              + refusals
              + " of the "
              + commands.size()
              + " ids refused; the others were applied)");
    }
  }

  private static void sync(Answer answer, SyncOutcome page) {
    answer.reply(new ServerPayload.SyncRsp(page.messages(), page.hasMore()));
  }

  private static void watch(Answer answer, WatchOutcome outcome) {
    switch (outcome) {
      case WatchOutcome.Watching watching -> {
        for (UserPresence presence : watching.statuses()) {
          if (!answer.reply(new ServerPayload.PresencePush(presence.user(), presence.status()))) {
            break;
          }
        }
      }
      case WatchOutcome.Refused refused -> answer.fail(refused.code(), refused.reason());
    }
  }

  /** Answers to one request: frames carrying its seq, paced. */
  private record Answer(Connection connection, long seq) {

    /** False when the connection closed meanwhile. */
    boolean reply(ServerPayload payload) {
      return connection.sendPaced(ServerFrame.reply(seq, payload));
    }

    void fail(ErrorCode code, String message) {
      reply(new ServerPayload.Error(code, message));
    }
  }
}
