package chat.gateway.application.port.in;

import chat.gateway.application.registry.Connection;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.util.Objects;

/** Who made a request and how to answer it: replies carry the request's seq. */
public record Requester(Connection connection, long seq) {

  public Requester {
    Objects.requireNonNull(connection, "connection");
  }

  public UserId user() {
    return connection.user();
  }

  /**
   * Sends a reply carrying this request's seq, paced by the client's reading: a client that sends
   * requests faster than it reads the answers waits, instead of filling the room kept for pushes
   * (may block). Returns false when the connection closed meanwhile.
   */
  public boolean reply(ServerPayload payload) {
    return connection.sendPaced(ServerFrame.reply(seq, payload));
  }

  /** Answers with an Error carrying this request's seq. */
  public void fail(ErrorCode code, String message) {
    reply(new ServerPayload.Error(code, message));
  }
}
