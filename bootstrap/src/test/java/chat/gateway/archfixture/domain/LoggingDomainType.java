package chat.gateway.archfixture.domain;

/** Breaks the domain's purity on purpose: logs, with the JDK's own logger. */
public final class LoggingDomainType {

  private static final System.Logger LOG = System.getLogger(LoggingDomainType.class.getName());

  public void decide() {
    LOG.log(System.Logger.Level.INFO, "decided");
    java.util.logging.Logger.getLogger("domain").info("decided");
  }
}
