package chat.gateway.adapters.redis;

import chat.gateway.application.port.out.InstanceId;
import chat.gateway.application.port.out.LiveSession;
import chat.gateway.application.port.out.SessionInfo;
import chat.gateway.domain.ConnectionId;
import java.util.ArrayList;
import java.util.List;

/**
 * A route's session info as a field value of {@code route-info:{instance}} (field {@code
 * user:connection}): {@code millis|address|user agent}. The address never holds a '|' (one would
 * become '?'); the user agent may, being last. At most 13 + 1 + 64 + 1 + 256 = 335 bytes, as {@link
 * SessionInfo} keeps both to printable ASCII.
 */
final class RedisSessionInfo {

  private RedisSessionInfo() {}

  static String encode(SessionInfo info) {
    return info.connectedAtMillis()
        + "|"
        + info.remoteAddress().replace('|', '?')
        + "|"
        + info.userAgent();
  }

  /** The info stored for a route, or one with only its attach time when none (or a bad one) is. */
  static SessionInfo decode(String value, long attachedAtMillis) {
    int first = value.indexOf('|');
    int second = first < 0 ? -1 : value.indexOf('|', first + 1);
    if (second < 0) {
      return SessionInfo.unknown(attachedAtMillis);
    }
    try {
      return new SessionInfo(
          value.substring(first + 1, second),
          value.substring(second + 1),
          Long.parseLong(value.substring(0, first)));
    } catch (NumberFormatException e) {
      return SessionInfo.unknown(attachedAtMillis);
    }
  }

  /** Sessions from a script's flat (instance, connection, score in micros, info) quadruples. */
  static List<LiveSession> sessions(List<?> flat) {
    List<LiveSession> sessions = new ArrayList<>(flat.size() / 4);
    for (int i = 0; i + 3 < flat.size(); i += 4) {
      long attachedAt = (long) Double.parseDouble((String) flat.get(i + 2)) / 1_000;
      sessions.add(
          new LiveSession(
              new InstanceId((String) flat.get(i)),
              new ConnectionId((String) flat.get(i + 1)),
              decode((String) flat.get(i + 3), attachedAt)));
    }
    return List.copyOf(sessions);
  }
}
