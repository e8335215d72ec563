package chat.gateway.application.port.in;

import chat.gateway.domain.protocol.ClientPayload;

/**
 * The recipient acknowledges a message as delivered or read. A forward move is stored and sent to
 * the sender's connections as a ReceiptPush; an ack at or behind the current status changes nothing
 * and is not an error; an unknown message, another user's message or an invalid status is answered
 * with WS_INVALID_PAYLOAD.
 */
public interface AcknowledgeUseCase {

  void acknowledge(Requester recipient, ClientPayload.Ack ack);
}
