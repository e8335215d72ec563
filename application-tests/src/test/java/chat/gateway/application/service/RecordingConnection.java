package chat.gateway.application.service;

import chat.gateway.application.port.out.SessionInfo;
import chat.gateway.application.registry.Connection;
import chat.gateway.domain.CloseReason;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerFrame;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** An authenticated connection that keeps what it was sent and how it was closed. */
final class RecordingConnection implements Connection {

  private final ConnectionId id;
  private final UserId user;
  private final List<ServerFrame> frames = new CopyOnWriteArrayList<>();
  private final AtomicReference<CloseReason> closedWith = new AtomicReference<>();

  RecordingConnection(String id, UserId user) {
    this.id = new ConnectionId(id);
    this.user = user;
  }

  @Override
  public ConnectionId id() {
    return id;
  }

  @Override
  public UserId user() {
    return user;
  }

  @Override
  public SessionInfo session() {
    return new SessionInfo("test", "", 0);
  }

  @Override
  public boolean send(ServerFrame frame) {
    if (closedWith.get() != null) {
      return false;
    }
    frames.add(frame);
    return true;
  }

  @Override
  public boolean sendPaced(ServerFrame frame) {
    return send(frame);
  }

  @Override
  public void close(CloseReason reason) {
    closedWith.compareAndSet(null, reason);
  }

  List<ServerFrame> frames() {
    return List.copyOf(frames);
  }

  Optional<CloseReason> closedWith() {
    return Optional.ofNullable(closedWith.get());
  }

  @Override
  public String toString() {
    return id + " of " + user;
  }
}
