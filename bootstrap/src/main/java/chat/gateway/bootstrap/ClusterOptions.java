package chat.gateway.bootstrap;

import chat.gateway.application.port.out.InstanceId;
import java.time.Duration;
import picocli.CommandLine.Option;

/** This instance's place in a cluster. */
final class ClusterOptions {

  @Option(
      names = "--instance-id",
      description =
          "This instance's id, unique in the cluster: letters, digits, '.', '_', '-'; default: the"
              + " host name and a random part (env GATEWAY_INSTANCE_ID).")
  String instanceId;

  @Option(
      names = "--instance-ttl",
      converter = DurationConverter.class,
      description =
          "How long the instance counts as alive after each heartbeat (beats come three times as"
              + " often); a dead instance's users turn offline within it (env GATEWAY_INSTANCE_TTL).")
  Duration ttl;

  GatewayConfig.Cluster toConfig() {
    InstanceId id =
        AuthOptions.present(instanceId).map(InstanceId::new).orElseGet(InstanceIds::generate);
    return new GatewayConfig.Cluster(id, ttl);
  }
}
