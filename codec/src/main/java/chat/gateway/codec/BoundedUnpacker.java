package chat.gateway.codec;

import java.io.IOException;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageSizeException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * msgpack-core's unpacker over a range of the caller's array, plus the checks that hostile input
 * needs and the unpacker leaves to its caller. Every length or count a header declares is compared
 * with the bytes left before anything is read or allocated for it. Values nobody reads are skipped
 * here, refusing nesting deeper than {@link #MAX_DEPTH}, not with the unpacker's {@code
 * skipValue()}, which trusts every count and follows any nesting.
 *
 * <p>msgpack-core throws its own unchecked exceptions for bytes that end too soon; {@link
 * FrameDecoder} turns those into failures, as it does {@link WireException}.
 */
class BoundedUnpacker {

  static final int MAX_DEPTH = 32;

  final MessageUnpacker unpacker;
  final byte[] bytes;

  /** Names the whole ("frame", "payload") in the reasons of failures. */
  final String subject;

  private final int offset;
  private final int length;

  BoundedUnpacker(byte[] bytes, int offset, int length, String subject) {
    this(MessagePack.newDefaultUnpacker(bytes, offset, length), bytes, offset, length, subject);
  }

  /** Over {@code unpacker}, whose input must be {@code length} bytes of {@code bytes} at offset. */
  BoundedUnpacker(MessageUnpacker unpacker, byte[] bytes, int offset, int length, String subject) {
    this.unpacker = unpacker;
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    this.subject = subject;
  }

  /** The index in {@link #bytes} of the next byte to read. */
  final int position() {
    return offset + (int) unpacker.getTotalReadBytes();
  }

  final long remaining() {
    return length - unpacker.getTotalReadBytes();
  }

  final boolean atEnd() {
    return remaining() == 0;
  }

  final void expectEnd() throws WireException {
    if (!atEnd()) {
      throw new WireException("the " + subject + " has trailing bytes after its map");
    }
  }

  /** The format of the next value, not consumed; at the end, a failure rather than msgpack's. */
  final MessageFormat next() throws WireException, IOException {
    if (atEnd()) {
      throw new WireException("the " + subject + " is truncated");
    }
    return unpacker.getNextFormat();
  }

  /** Whether {@code format} is of {@code type}; 0xc1, the byte of no type, never is. */
  static boolean is(MessageFormat format, ValueType type) {
    return format != MessageFormat.NEVER_USED && format.getValueType() == type;
  }

  /**
   * Consumes the header of the next value, of {@code type}, returning the length or count it
   * declares. msgpack-core refuses one over 2^31-1 as too large for Java; it comes back as declared
   * instead, so that it fails the same check against the bytes left as any other that is too long.
   */
  final long header(ValueType type) throws IOException {
    try {
      return switch (type) {
        case STRING -> unpacker.unpackRawStringHeader();
        case BINARY -> unpacker.unpackBinaryHeader();
        case ARRAY -> unpacker.unpackArrayHeader();
        case MAP -> unpacker.unpackMapHeader();
        case EXTENSION -> unpacker.unpackExtensionTypeHeader().getLength();
        default -> throw new IllegalArgumentException(type + " has no length header");
      };
    } catch (MessageSizeException e) {
      return e.getSize();
    }
  }

  /** Whether {@code declared} bytes are left: check before reading or allocating for them. */
  final boolean holds(long declared) {
    return declared <= remaining();
  }

  final WireException tooLong(String what, long declared) {
    return new WireException(
        what + " declares " + declared + " bytes, more than the " + subject + " holds");
  }

  /**
   * Consumes {@code length} bytes that {@link #holds} allowed, returning their index in {@link
   * #bytes}. They are read in place: the unpacker's reference to them is a view, not a copy.
   */
  final int take(long length) throws IOException {
    int start = position();
    unpacker.readPayloadAsReference((int) length);
    return start;
  }

  /** Skips the next value, whatever it holds, up to {@link #MAX_DEPTH} levels deep. */
  final void skipValue() throws WireException, IOException {
    skip(0);
  }

  private void skip(int depth) throws WireException, IOException {
    MessageFormat format = next();
    if (format == MessageFormat.NEVER_USED) {
      throw new WireException("the " + subject + " holds the invalid byte 0xc1");
    }
    ValueType type = format.getValueType();
    switch (type) {
      case ARRAY -> skipValues(header(type), depth);
      case MAP -> skipValues(header(type) * 2, depth);
      case STRING -> skipBytes(type, "a string");
      case BINARY -> skipBytes(type, "a value");
      case EXTENSION -> skipBytes(type, "an extension");
      // Nil, boolean, integer or float: a fixed width and nothing nested, safe to let it skip.
      default -> unpacker.skipValue();
    }
  }

  private void skipBytes(ValueType type, String what) throws IOException, WireException {
    long declared = header(type);
    if (!holds(declared)) {
      throw tooLong(what, declared);
    }
    take(declared);
  }

  private void skipValues(long count, int depth) throws WireException, IOException {
    if (count == 0) {
      return;
    }
    if (depth >= MAX_DEPTH) {
      throw new WireException("the " + subject + " nests deeper than " + MAX_DEPTH + " levels");
    }
    // Every value takes at least one byte.
    if (count > remaining()) {
      throw new WireException("a value declares more elements than the " + subject + " holds");
    }
    for (long i = 0; i < count; i++) {
      skip(depth + 1);
    }
  }
}
