package chat.gateway.application.port.out;

/**
 * The shared state of the cluster (the routing table, presence, the watch index) could not be
 * reached; the operation did not happen, or, for a write, may have happened only in part and is
 * repaired by the instance's next sweep.
 */
public class ClusterStateUnavailableException extends RuntimeException {

  public ClusterStateUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
