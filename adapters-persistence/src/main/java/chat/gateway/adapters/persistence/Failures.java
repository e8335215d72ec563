package chat.gateway.adapters.persistence;

import chat.gateway.application.port.out.MessageStoreUnavailableException;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.jooq.exception.DataAccessException;

/** Turns database errors into the port's "unavailable". */
final class Failures {

  private Failures() {}

  /**
   * Runs {@code work}; a database error becomes a {@link MessageStoreUnavailableException}. A
   * failed statement or transaction changed nothing (PostgreSQL rolls it back), so the port's
   * "nothing is then half-done" holds.
   */
  static <T> T unavailableOnError(String what, Supplier<T> work) {
    try {
      return work.get();
    } catch (DataAccessException e) {
      throw new MessageStoreUnavailableException(what + " failed: " + describe(e), e);
    }
  }

  /** The innermost message, with its SQL state when there is one. */
  static String describe(Throwable error) {
    Throwable root = error;
    String state = null;
    while (root.getCause() != null && root.getCause() != root) {
      if (root instanceof SQLException sql && sql.getSQLState() != null) {
        state = sql.getSQLState();
      }
      root = root.getCause();
    }
    if (root instanceof SQLException sql && sql.getSQLState() != null) {
      state = sql.getSQLState();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return state == null ? message : message + " (SQL state " + state + ")";
  }
}
