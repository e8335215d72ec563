package chat.gateway.testsupport.engine;

import java.lang.System.Logger.Level;
import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, asked once per JVM. */
public final class Docker {

  private static final System.Logger LOG = System.getLogger(Docker.class.getName());
  private static volatile Boolean available;

  private Docker() {}

  /** True when Testcontainers finds a Docker engine that answers. */
  public static boolean available() {
    Boolean known = available;
    if (known == null) {
      synchronized (Docker.class) {
        known = available;
        if (known == null) {
          known = ask();
          available = known;
        }
      }
    }
    return known;
  }

  private static boolean ask() {
    try {
      boolean answers = DockerClientFactory.instance().isDockerAvailable();
      LOG.log(Level.INFO, "Docker engine " + (answers ? "answers" : "not found"));
      return answers;
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.INFO, "Docker engine not usable: " + e);
      return false;
    }
  }
}
