package chat.gateway.adapters.admin;

import chat.gateway.domain.CloseReason;
import java.util.Set;
import java.util.TreeSet;

/**
 * The close codes a connection's close is labelled with: the gateway's own ({@link CloseReason})
 * and RFC 6455's; any other code a client sends is {@code other}, so a client cannot grow the label
 * set.
 */
final class CloseCodes {

  /** RFC 6455, section 7.4.1: the codes a peer may send or a socket may end with. */
  private static final int[] STANDARD = {
    1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015
  };

  private static final Set<Integer> KNOWN = known();

  /** Every label value, {@code other} included. */
  static final Set<String> LABELS = labels();

  private CloseCodes() {}

  static String label(int code) {
    return KNOWN.contains(code) ? Integer.toString(code) : MicrometerGatewayMetrics.OTHER;
  }

  private static Set<Integer> known() {
    Set<Integer> codes = new TreeSet<>();
    for (int code : STANDARD) {
      codes.add(code);
    }
    for (CloseReason reason : CloseReason.values()) {
      codes.add(reason.code());
    }
    return Set.copyOf(codes);
  }

  private static Set<String> labels() {
    Set<String> labels = new TreeSet<>();
    KNOWN.forEach(code -> labels.add(Integer.toString(code)));
    labels.add(MicrometerGatewayMetrics.OTHER);
    return Set.copyOf(labels);
  }
}
