package chat.gateway.application.port.in;

import chat.gateway.domain.UserId;
import java.util.List;

/**
 * What an operator sees of the whole cluster and does to it: who is online and where, the live
 * instances, and ending a user's sessions. Every answer is read from the shared cluster state, so
 * any instance answers for all; each method throws the outbound ports' {@code
 * ClusterStateUnavailableException} when that state cannot be reached.
 *
 * <p>Operators see every session, also of users who chose to appear offline: their presence reads
 * {@code OFFLINE} while they have sessions.
 */
public interface AdminUseCase {

  /** One page of the users with live sessions, with their presence and sessions. */
  OnlinePage online(OnlineQuery query);

  /** One user's presence and live sessions; no sessions when the user is not connected. */
  OnlineUser user(UserId user);

  /** Every live instance with its attached connections and their distinct users. */
  List<InstanceCounts> instances();

  /**
   * Closes the user's sessions (or the one named) on every instance: with 4403 when the client is
   * not to reconnect, 1001 when it is. Asynchronous: returns once the instances holding them have
   * been told, with how many sessions the routing table listed for it.
   */
  Disconnected disconnect(DisconnectCommand command);
}
