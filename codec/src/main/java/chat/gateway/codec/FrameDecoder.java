package chat.gateway.codec;

import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import java.io.IOException;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePackException;

/**
 * Reads the envelope, then hands the payload bytes, in place, to the reader of its type. A broken
 * envelope is WS_INVALID_MESSAGE and a broken payload WS_INVALID_PAYLOAD, each with the seq when it
 * was read before the problem, so the gateway can still answer the right request.
 */
final class FrameDecoder {

  private static final byte[][] ENVELOPE = {Keys.TYPE, Keys.SEQ, Keys.PAYLOAD};

  private FrameDecoder() {}

  static Decoded<ClientFrame> client(byte[] bytes, int offset, int length) {
    return decode(bytes, offset, length, true, ClientPayloadReader::read, ClientFrame::new);
  }

  static Decoded<ServerFrame> server(byte[] bytes, int offset, int length) {
    return decode(bytes, offset, length, false, ServerPayloadReader::read, ServerFrame::new);
  }

  @FunctionalInterface
  interface PayloadReader<P> {
    P read(FrameType type, FieldReader in) throws WireException, IOException;
  }

  @FunctionalInterface
  interface FrameMaker<P, F> {
    F make(long seq, P payload);
  }

  private static <P, F> Decoded<F> decode(
      byte[] bytes,
      int offset,
      int length,
      boolean fromClient,
      PayloadReader<P> payloads,
      FrameMaker<P, F> frames) {
    Envelope envelope = new Envelope();
    FieldReader frame = new FieldReader(bytes, offset, length, "frame");
    FieldReader in;
    try {
      envelope.read(frame, fromClient);
      // The payload bin is read in place, where it lies in the caller's array.
      in = frame.handOver(envelope.payloadStart, envelope.payloadLength, "payload");
    } catch (WireException | MessagePackException | IOException e) {
      return new Decoded.Failed<>(ErrorCode.WS_INVALID_MESSAGE, envelope.seq, reason(e, "frame"));
    }
    try {
      P payload = payloads.read(envelope.type, in);
      in.expectEnd();
      return new Decoded.Ok<>(frames.make(envelope.seq, payload));
    } catch (WireException | MessagePackException | IOException e) {
      return new Decoded.Failed<>(ErrorCode.WS_INVALID_PAYLOAD, envelope.seq, reason(e, "payload"));
    }
  }

  /**
   * A WireException carries its reason. msgpack-core throws its own exceptions when the fixed-size
   * part of a value (an integer, a length field) runs past the end, every declared length having
   * been checked before, and for a format its method does not read, which the readers check first;
   * its messages are not meant for a client, so the reason is written here.
   */
  private static String reason(Exception e, String subject) {
    if (e instanceof WireException) {
      return e.getMessage();
    }
    if (e instanceof MessageInsufficientBufferException) {
      return "the " + subject + " is truncated";
    }
    return "the " + subject + " is not valid MessagePack";
  }

  /** The envelope's fields, kept as they are read so a failure can still report the seq. */
  private static final class Envelope {
    FrameType type;
    long seq;
    int payloadStart;
    int payloadLength;

    void read(FieldReader in, boolean fromClient) throws WireException, IOException {
      if (in.atEnd()) {
        throw new WireException("the frame is empty");
      }
      boolean typed = false;
      long code = 0;
      for (int entries = in.readMapHeader("the frame"); entries > 0; entries--) {
        switch (in.readKey(ENVELOPE)) {
          case 0 -> {
            code = in.readLong("type", false);
            typed = true;
          }
          case 1 -> seq = in.readLong("seq", true);
          case 2 -> {
            // A nil payload (Go's nil []byte) reads as no bytes at all.
            payloadLength = Math.max(0, in.readBytes("payload"));
            payloadStart = in.position() - payloadLength;
          }
          default -> in.skipValue();
        }
      }
      in.expectEnd();
      if (!typed) {
        throw new WireException("field 'type' is missing");
      }
      type = checkType(code, fromClient);
    }

    private static FrameType checkType(long code, boolean fromClient) throws WireException {
      FrameType type = FrameType.fromCode(code).orElse(null);
      if (type == null) {
        throw new WireException("unknown frame type " + code);
      }
      if (type.fromClient() != fromClient) {
        String side = type.fromClient() ? "client" : "server";
        throw new WireException("type " + code + " is a " + side + " frame type");
      }
      return type;
    }
  }
}
