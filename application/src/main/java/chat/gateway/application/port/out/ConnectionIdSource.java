package chat.gateway.application.port.out;

import chat.gateway.domain.ConnectionId;

/**
 * Names connections. Ids are unique across every gateway instance and every restart, so a routing
 * entry can never point at the wrong connection. Safe from many threads.
 */
public interface ConnectionIdSource {

  ConnectionId next();
}
