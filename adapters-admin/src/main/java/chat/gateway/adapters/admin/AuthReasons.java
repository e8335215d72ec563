package chat.gateway.adapters.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reason label of a refused Auth: the refusal texts the gateway gives, each mapped to a short
 * value; a text not listed is {@code other}. A text may carry a detail after a colon (the algorithm
 * of "algorithm not allowed: none"), which is dropped, so no client-chosen text becomes a label.
 */
final class AuthReasons {

  private static final Map<String, String> BY_TEXT = new LinkedHashMap<>();

  static {
    BY_TEXT.put("token missing", "missing");
    BY_TEXT.put("unknown user", "unknown_user");
    BY_TEXT.put("malformed token", "malformed");
    BY_TEXT.put("token too long", "malformed");
    BY_TEXT.put("token type not allowed", "malformed");
    BY_TEXT.put("critical header parameters not supported", "malformed");
    BY_TEXT.put("algorithm not allowed", "algorithm");
    BY_TEXT.put("signature invalid", "bad_signature");
    BY_TEXT.put("no matching signing key", "unknown_key");
    BY_TEXT.put("token expired", "expired");
    BY_TEXT.put("exp claim missing", "claims");
    BY_TEXT.put("exp claim must be a number", "claims");
    BY_TEXT.put("token not yet valid", "not_yet_valid");
    BY_TEXT.put("nbf claim must be a number", "claims");
    BY_TEXT.put("iss claim missing", "issuer");
    BY_TEXT.put("issuer mismatch", "issuer");
    BY_TEXT.put("aud claim missing", "audience");
    BY_TEXT.put("audience mismatch", "audience");
    BY_TEXT.put("sub must be a positive integer user id", "claims");
    BY_TEXT.put("sub must be a string, not a JSON number", "claims");
  }

  /** Every label value, {@code other} included. */
  static final Set<String> LABELS = labels();

  private AuthReasons() {}

  static String label(String reason) {
    int colon = reason.indexOf(':');
    String text = colon < 0 ? reason : reason.substring(0, colon);
    return BY_TEXT.getOrDefault(text.strip(), MicrometerGatewayMetrics.OTHER);
  }

  private static Set<String> labels() {
    Set<String> labels = new TreeSet<>(BY_TEXT.values());
    labels.add(MicrometerGatewayMetrics.OTHER);
    return Set.copyOf(labels);
  }
}
