package chat.gateway.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.ArrayBufferInput;
import org.msgpack.value.ValueType;

/**
 * Typed reads of MessagePack values, as a Go client writes them, each checking the format before
 * msgpack-core reads it so that a mismatch names the field. Nil reads as the Go zero value, because
 * Go encodes nil slices and pointers that way.
 */
final class FieldReader extends BoundedUnpacker {

  private static final char REPLACEMENT = '\uFFFD';

  FieldReader(byte[] bytes, int offset, int length, String subject) {
    super(bytes, offset, length, subject);
  }

  private FieldReader(
      MessageUnpacker unpacker, byte[] bytes, int offset, int length, String subject) {
    super(unpacker, bytes, offset, length, subject);
  }

  /**
   * A reader of {@code length} bytes of the same array from {@code offset}, such as the payload
   * bin. It takes over this reader's unpacker, saving a new one per frame, so this one is done.
   */
  FieldReader handOver(int offset, int length, String subject) throws IOException {
    unpacker.reset(new ArrayBufferInput(bytes, offset, length));
    return new FieldReader(unpacker, bytes, offset, length, subject);
  }

  /** The entry count of a map; {@code what} names the map in the reason of a failure. */
  int readMapHeader(String what) throws WireException, IOException {
    if (atEnd() || !is(next(), ValueType.MAP)) {
      throw new WireException(what + " must be a map");
    }
    long entries = header(ValueType.MAP);
    // A key and a value take at least one byte each.
    if (entries * 2 > remaining()) {
      throw new WireException(
          "a map declares " + entries + " entries, more than the " + subject + " holds");
    }
    return (int) entries;
  }

  /** The element count of an array; nil is the empty array. */
  int readArrayHeader(String field) throws WireException, IOException {
    MessageFormat format = next();
    if (consumedNil(format)) {
      return 0;
    }
    if (!is(format, ValueType.ARRAY)) {
      throw mustBe(field, "an array");
    }
    long elements = header(ValueType.ARRAY);
    // Every element takes at least one byte.
    if (elements > remaining()) {
      throw new WireException("field '" + field + "' declares more elements than there are bytes");
    }
    return (int) elements;
  }

  /** Reads a map key: the index of the name it equals in {@code names}, or -1 for another. */
  int readKey(byte[][] names) throws WireException, IOException {
    if (!is(next(), ValueType.STRING)) {
      throw new WireException("a map key in the " + subject + " is not a string");
    }
    long length = header(ValueType.STRING);
    if (!holds(length)) {
      throw tooLong("a map key", length);
    }
    int start = take(length);
    for (int i = 0; i < names.length; i++) {
      if (Arrays.equals(bytes, start, start + (int) length, names[i], 0, names[i].length)) {
        return i;
      }
    }
    return -1;
  }

  /** Any integer encoding that fits in an int64; nil is 0 only where {@code nilIsZero}. */
  long readLong(String field, boolean nilIsZero) throws WireException, IOException {
    MessageFormat format = next();
    if (nilIsZero && consumedNil(format)) {
      return 0;
    }
    if (!is(format, ValueType.INTEGER)) {
      throw mustBe(field, "an integer");
    }
    try {
      return unpacker.unpackLong();
    } catch (MessageIntegerOverflowException e) {
      // Only a uint64 above 2^63-1 gets here, which Go's int64 fields refuse too.
      throw new WireException("field '" + field + "' is out of the int64 range");
    }
  }

  /**
   * A str; nil is "". It must be well-formed UTF-8 (no overlong forms, no encoded surrogates, no
   * truncated or stray bytes): what a user sent is kept exactly or refused, never repaired.
   */
  String readString(String field) throws WireException, IOException {
    MessageFormat format = next();
    if (consumedNil(format)) {
      return "";
    }
    if (!is(format, ValueType.STRING)) {
      throw mustBe(field, "a string");
    }
    long length = header(ValueType.STRING);
    if (!holds(length)) {
      throw tooLong("field '" + field + "'", length);
    }
    // Decoded from the caller's array in place, not through the unpacker's unpackString(), whose
    // first call on each unpacker allocates a decoding buffer of 8 KiB.
    int start = take(length);
    String decoded = new String(bytes, start, (int) length, StandardCharsets.UTF_8);
    // That decoding replaces every malformed sequence with U+FFFD, so a string without one was
    // well-formed. One with it is decoded again, strictly, since the sender may have meant it.
    if (decoded.indexOf(REPLACEMENT) >= 0 && !wellFormed(start, (int) length)) {
      throw new WireException("field '" + field + "' is not valid UTF-8");
    }
    return decoded;
  }

  private boolean wellFormed(int start, int length) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, length));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  boolean readBool(String field) throws WireException, IOException {
    MessageFormat format = next();
    if (consumedNil(format)) {
      return false;
    }
    if (!is(format, ValueType.BOOLEAN)) {
      throw mustBe(field, "a boolean");
    }
    return unpacker.unpackBoolean();
  }

  /**
   * The length of a bin (or str: Go decodes either into []byte) whose bytes end at {@link
   * #position()}, or -1 for nil.
   */
  int readBytes(String field) throws WireException, IOException {
    MessageFormat format = next();
    if (consumedNil(format)) {
      return -1;
    }
    boolean str = is(format, ValueType.STRING);
    if (!str && !is(format, ValueType.BINARY)) {
      throw mustBe(field, "binary");
    }
    long length = header(str ? ValueType.STRING : ValueType.BINARY);
    if (!holds(length)) {
      throw tooLong("field '" + field + "'", length);
    }
    take(length);
    return (int) length;
  }

  /**
   * For payloads whose content does not matter (Ping, Pong): accepts no bytes at all (Go's nil
   * []byte), a nil, or any map.
   */
  void skipMapIfAny(String what) throws WireException, IOException {
    if (atEnd() || consumedNil(next())) {
      return;
    }
    for (int entries = readMapHeader(what); entries > 0; entries--) {
      readKey(Keys.NONE);
      skipValue();
    }
  }

  /** Consumes the nil that is next if {@code format}, the next value's, says so. */
  private boolean consumedNil(MessageFormat format) throws IOException {
    if (format != MessageFormat.NIL) {
      return false;
    }
    unpacker.unpackNil();
    return true;
  }

  private static WireException mustBe(String field, String kind) {
    return new WireException("field '" + field + "' must be " + kind);
  }
}
