package chat.gateway.client;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what futures fail with into what a caller can act on and read. */
final class Failures {

  private Failures() {}

  /** The failure inside a future's wrapping. */
  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Whether {@code error} or one of its causes is a {@code type}. */
  static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  /** One line: the first message along the causes, or the failure's type when none has one. */
  static String describe(Throwable error) {
    Throwable failure = unwrap(error);
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null) {
        return cause.getMessage();
      }
    }
    return failure.getClass().getSimpleName();
  }
}
