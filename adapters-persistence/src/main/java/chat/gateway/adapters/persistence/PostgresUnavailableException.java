package chat.gateway.adapters.persistence;

/**
 * PostgreSQL could not be used at start: unreachable, refusing the credentials, or with a schema
 * that cannot be migrated. The message says which and where; the cause carries the details.
 */
public class PostgresUnavailableException extends RuntimeException {

  public PostgresUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
