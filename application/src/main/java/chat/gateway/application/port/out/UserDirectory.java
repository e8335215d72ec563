package chat.gateway.application.port.out;

import chat.gateway.domain.UserId;

/** Who the gateway serves. Safe from many threads; answers from memory or a cache, quickly. */
public interface UserDirectory {

  /** True when {@code user} exists and may send and receive messages. */
  boolean exists(UserId user);
}
