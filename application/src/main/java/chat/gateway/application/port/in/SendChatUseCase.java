package chat.gateway.application.port.in;

import chat.gateway.domain.protocol.ClientPayload;

/**
 * A chat message from a connected user: validated, stored durably, acknowledged to the sender
 * (ChatAck), then pushed to every connection of the recipient and to the sender's other
 * connections. A retry with the same client message id is acknowledged with the first message's id
 * and stores nothing new. Refusals are answered with an Error.
 */
public interface SendChatUseCase {

  void send(Requester sender, ClientPayload.Chat chat);
}
