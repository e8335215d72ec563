package chat.gateway.codec;

import chat.gateway.domain.ErrorCode;
import java.util.Objects;

/**
 * The outcome of decoding one frame: the frame, or why the bytes are not one.
 *
 * @param <T> {@code ClientFrame} or {@code ServerFrame}
 */
public sealed interface Decoded<T> {

  /** The bytes were a valid frame. */
  record Ok<T>(T frame) implements Decoded<T> {
    public Ok {
      Objects.requireNonNull(frame, "frame");
    }
  }

  /**
   * The bytes were not a valid frame.
   *
   * @param code {@code WS_INVALID_MESSAGE} for a broken envelope, {@code WS_INVALID_PAYLOAD} for a
   *     broken payload
   * @param seq the envelope's seq when it could be read before the problem, else 0, so the reply
   *     can name the request it answers
   * @param reason a short sentence for the client, naming the offending field
   */
  record Failed<T>(ErrorCode code, long seq, String reason) implements Decoded<T> {
    public Failed {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
