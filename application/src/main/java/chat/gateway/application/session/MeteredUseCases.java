package chat.gateway.application.session;

import chat.gateway.application.port.in.AckOutcome;
import chat.gateway.application.port.in.AcknowledgeUseCase;
import chat.gateway.application.port.in.AuthOutcome;
import chat.gateway.application.port.in.AuthenticateUseCase;
import chat.gateway.application.port.in.ChatOutcome;
import chat.gateway.application.port.in.SendChatCommand;
import chat.gateway.application.port.in.SendChatUseCase;
import chat.gateway.application.port.in.SyncOutcome;
import chat.gateway.application.port.in.SyncUseCase;
import chat.gateway.application.port.out.GatewayMetrics;

/**
 * The use cases a session calls, each reporting its outcomes to {@link GatewayMetrics}: decorators,
 * so the services stay about their rules and the count is taken in one place per outcome.
 */
final class MeteredUseCases {

  private MeteredUseCases() {}

  /** Counts accepted, rejected (by reason) and unavailable Auths; a throw counts as unavailable. */
  static AuthenticateUseCase authenticate(AuthenticateUseCase inner, GatewayMetrics metrics) {
    return command -> {
      AuthOutcome outcome;
      try {
        outcome = inner.authenticate(command);
      } catch (RuntimeException | Error e) {
        metrics.authUnavailable();
        throw e;
      }
      switch (outcome) {
        case AuthOutcome.Accepted a -> metrics.authAccepted();
        case AuthOutcome.Rejected r -> metrics.authRejected(r.reason());
        case AuthOutcome.Unavailable u -> metrics.authUnavailable();
      }
      return outcome;
    };
  }

  /** Counts each message stored for the first time. */
  static SendChatUseCase chat(SendChatUseCase inner, GatewayMetrics metrics) {
    return new SendChatUseCase() {
      @Override
      public ChatOutcome send(SendChatCommand command) {
        ChatOutcome outcome = inner.send(command);
        if (outcome instanceof ChatOutcome.Stored) {
          metrics.messageStored();
        }
        return outcome;
      }

      @Override
      public void push(ChatOutcome.Accepted accepted) {
        inner.push(accepted);
      }
    };
  }

  /** Counts each Ack that moved a message, by the status it moved to. */
  static AcknowledgeUseCase acknowledge(AcknowledgeUseCase inner, GatewayMetrics metrics) {
    return command -> {
      AckOutcome outcome = inner.acknowledge(command);
      if (outcome instanceof AckOutcome.Advanced advanced) {
        metrics.messageAcknowledged(advanced.message().status());
      }
      return outcome;
    };
  }

  /** Counts each SyncRsp page read. */
  static SyncUseCase sync(SyncUseCase inner, GatewayMetrics metrics) {
    return command -> {
      SyncOutcome outcome = inner.sync(command);
      metrics.syncPage();
      return outcome;
    };
  }
}
