package chat.gateway.bootstrap;

import chat.gateway.application.port.out.LogContext;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * Tags log lines through SLF4J's MDC: the text format prints the tags before the message, the JSON
 * format as the fields {@code mdc.connection} and {@code mdc.user}.
 */
final class MdcLogContext implements LogContext {

  static final String CONNECTION = "connection";
  static final String USER = "user";

  private static final Scope CLEAR =
      () -> {
        MDC.remove(CONNECTION);
        MDC.remove(USER);
      };

  @Override
  public Scope tag(ConnectionId connection, Optional<UserId> user) {
    MDC.put(CONNECTION, connection.value());
    if (user.isPresent()) {
      MDC.put(USER, Long.toString(user.get().value()));
    } else {
      MDC.remove(USER);
    }
    return CLEAR;
  }
}
