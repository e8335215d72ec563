package chat.gateway.application.port.in;

/**
 * The recipient acknowledges a message as delivered or read. A forward move is stored and sent to
 * the sender's connections as a ReceiptPush ({@link AckOutcome.Advanced}); an ack at or behind the
 * current status changes nothing and is not an error ({@link AckOutcome.Unchanged}); an unknown
 * message, another user's message or the status {@code sent} is {@link AckOutcome.Refused} with
 * WS_INVALID_PAYLOAD.
 */
public interface AcknowledgeUseCase {

  AckOutcome acknowledge(AcknowledgeCommand command);
}
