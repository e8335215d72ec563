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

  /**
   * True when the database refused the data of the statement (SQL state class 22, data exception,
   * or 23, integrity constraint violation), as opposed to failing for reasons of its own.
   */
  static boolean isDataError(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        return state.startsWith("22") || state.startsWith("23");
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
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
