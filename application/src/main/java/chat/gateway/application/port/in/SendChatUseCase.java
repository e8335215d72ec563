package chat.gateway.application.port.in;

/**
 * A chat message from a connected user, in two steps so that the sender's ChatAck goes out between
 * them: {@link #send} stores the message durably, {@link #push} then pushes it to every connection
 * of the recipient and to the sender's other connections.
 */
public interface SendChatUseCase {

  /**
   * Stores the message: {@link ChatOutcome.Stored} with its id, or {@link ChatOutcome.Duplicate}
   * with the first message's id when the sender already stored one under the same client message id
   * (nothing new is stored), or {@link ChatOutcome.Refused} when the recipient does not exist.
   * Pushes nothing. Throws when the store cannot be reached; nothing is then stored.
   */
  ChatOutcome send(SendChatCommand command);

  /**
   * Pushes an accepted message. A duplicate is pushed again only while it is still {@code sent}
   * (the first push may never have happened); clients de-duplicate by message id.
   */
  void push(ChatOutcome.Accepted accepted);
}
