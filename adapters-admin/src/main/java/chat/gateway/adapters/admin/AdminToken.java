package chat.gateway.adapters.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bearer token of the admin API. It never shows itself: {@link #toString} hides it, so a config
 * printed or logged by mistake does not leak it. Compared in constant time.
 */
public final class AdminToken {

  /** The shortest token accepted, in UTF-8 bytes: as long as an HS256 key. */
  public static final int MIN_BYTES = 32;

  private final byte[] digest;

  private AdminToken(byte[] digest) {
    this.digest = digest;
  }

  /**
   * A token of at least {@value #MIN_BYTES} UTF-8 bytes.
   *
   * @throws IllegalArgumentException when it is shorter (the message names the setting, not the
   *     value)
   */
  public static AdminToken of(String token) {
    byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "GATEWAY_ADMIN_TOKEN must be at least "
              + MIN_BYTES
              + " bytes, got "
              + bytes.length
              + " (e.g. openssl rand -base64 32)");
    }
    return new AdminToken(sha256(bytes));
  }

  /**
   * Whether {@code presented} is this token. The time taken does not depend on how much of it
   * matches: both sides are hashed to the same length first, then compared with {@link
   * MessageDigest#isEqual}.
   */
  public boolean matches(String presented) {
    return MessageDigest.isEqual(digest, sha256(presented.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String toString() {
    return "AdminToken[hidden]";
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
