package chat.gateway.application.port.in;

import java.util.List;

/**
 * The recipient acknowledges a message as delivered or read. A forward move is stored and sent to
 * the sender's connections as a ReceiptPush ({@link AckOutcome.Advanced}); an ack at or behind the
 * current status changes nothing and is not an error ({@link AckOutcome.Unchanged}); an unknown
 * message, another user's message or the status {@code sent} is {@link AckOutcome.Refused} with
 * WS_INVALID_PAYLOAD.
 */
public interface AcknowledgeUseCase {

  AckOutcome acknowledge(AcknowledgeCommand command);

  /**
   * Each of {@code commands} as if acknowledged alone, one after the other: one outcome per
   * command, at the same index (a batch Ack). An implementation may apply them together.
   */
  default List<AckOutcome> acknowledgeAll(List<AcknowledgeCommand> commands) {
    return commands.stream().map(this::acknowledge).toList();
  }
}
