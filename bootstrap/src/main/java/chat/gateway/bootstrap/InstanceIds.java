package chat.gateway.bootstrap;

import chat.gateway.application.port.out.InstanceId;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** Instance ids for instances not given one: the host name and a random part, unique per start. */
final class InstanceIds {

  private InstanceIds() {}

  static InstanceId generate() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "gateway";
    }
    String safe = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    if (safe.length() > 40) {
      safe = safe.substring(0, 40);
    }
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    return new InstanceId(safe + "-" + HexFormat.of().formatHex(random));
  }
}
