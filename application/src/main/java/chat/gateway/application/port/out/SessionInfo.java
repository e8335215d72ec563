package chat.gateway.application.port.out;

/**
 * What an operator sees of how a session was opened: the client's address and User-Agent as the
 * socket adapter read them at the upgrade, and when the connection authenticated (epoch millis).
 *
 * <p>Bounded, so that every route's metadata costs a known amount wherever it is kept: the address
 * at most {@link #MAX_REMOTE_ADDRESS} characters, the user agent at most {@link #MAX_USER_AGENT}
 * (longer ones are cut), both printable ASCII (anything else becomes {@code '?'}), so one character
 * is one byte in any store.
 */
public record SessionInfo(String remoteAddress, String userAgent, long connectedAtMillis) {

  /** Characters of a user agent kept; the rest is cut. */
  public static final int MAX_USER_AGENT = 256;

  /** Characters of a remote address kept: an IPv6 address with its port fits. */
  public static final int MAX_REMOTE_ADDRESS = 64;

  public SessionInfo {
    remoteAddress = bounded(remoteAddress, MAX_REMOTE_ADDRESS);
    userAgent = bounded(userAgent, MAX_USER_AGENT);
  }

  /** A session whose address and user agent are not known (a route written without them). */
  public static SessionInfo unknown(long connectedAtMillis) {
    return new SessionInfo("", "", connectedAtMillis);
  }

  /**
   * {@code value} cut to {@code max} characters, each outside printable ASCII replaced by {@code
   * '?'}; empty for null. Returns {@code value} itself when it is already within bounds.
   */
  public static String bounded(String value, int max) {
    if (value == null) {
      return "";
    }
    int length = Math.min(value.length(), max);
    for (int i = 0; i < length; i++) {
      if (!printable(value.charAt(i))) {
        return replaced(value, length);
      }
    }
    return length == value.length() ? value : value.substring(0, length);
  }

  private static String replaced(String value, int length) {
    StringBuilder clean = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      clean.append(printable(c) ? c : '?');
    }
    return clean.toString();
  }

  private static boolean printable(char c) {
    return c >= 0x20 && c < 0x7f;
  }
}
