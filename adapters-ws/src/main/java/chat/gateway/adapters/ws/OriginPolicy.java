package chat.gateway.adapters.ws;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may open a WebSocket. A request without an Origin header (a native app, a
 * server) is always allowed: the header only exists to stop other sites' pages from connecting. An
 * empty allow-list allows every origin (development; tokens travel in the first frame, not in
 * cookies, so a foreign page cannot ride on a user's session).
 */
public final class OriginPolicy {

  private final Set<String> allowed;

  private OriginPolicy(Set<String> allowed) {
    this.allowed = allowed;
  }

  /** Every origin. */
  public static OriginPolicy any() {
    return new OriginPolicy(Set.of());
  }

  /**
   * Exactly these origins (scheme://host[:port], compared case-insensitively); {@code *} alone
   * allows every origin.
   */
  public static OriginPolicy of(Set<String> origins) {
    Set<String> normalized =
        origins.stream()
            .map(String::strip)
            .filter(o -> !o.isEmpty())
            .map(OriginPolicy::normalize)
            .collect(Collectors.toUnmodifiableSet());
    return normalized.contains("*") ? any() : new OriginPolicy(normalized);
  }

  public boolean allows(Optional<String> origin) {
    return origin.isEmpty() || allowed.isEmpty() || allowed.contains(normalize(origin.get()));
  }

  /** True when some origin would be refused. */
  public boolean restricts() {
    return !allowed.isEmpty();
  }

  private static String normalize(String origin) {
    String lower = origin.strip().toLowerCase(Locale.ROOT);
    return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
