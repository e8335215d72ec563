package chat.gateway.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

/**
 * Test helpers built on msgpack-core, an implementation independent of the codec's own reader and
 * writer: hex literals, hand-packed frames, and the raw keys of what the codec wrote.
 */
final class Wire {

  private Wire() {}

  /** Bytes from hex, ignoring whitespace so literals can be laid out field by field. */
  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
  }

  static String toHex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @FunctionalInterface
  interface Body {
    void write(MessagePacker packer) throws IOException;
  }

  /** Whatever {@code body} packs, with msgpack-core. */
  static byte[] pack(Body body) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      body.write(packer);
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An envelope as a Go client lays it out: type, seq, payload as bin. */
  static byte[] envelope(int type, long seq, byte[] payload) {
    return pack(
        p -> {
          p.packMapHeader(3).packString("type").packInt(type).packString("seq").packLong(seq);
          p.packString("payload").packBinaryHeader(payload.length).writePayload(payload);
        });
  }

  /** The single MessagePack value in {@code bytes}; fails if anything follows it. */
  static Value value(byte[] bytes) {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
      Value value = unpacker.unpackValue();
      if (unpacker.hasNext()) {
        throw new AssertionError("bytes after the value");
      }
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The keys of a map value, in wire order. */
  static List<String> keys(Value map) {
    Value[] entries = map.asMapValue().getKeyValueArray();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < entries.length; i += 2) {
      keys.add(entries[i].asStringValue().asString());
    }
    return keys;
  }

  /** The value under {@code key} in a map value. */
  static Value get(Value map, String key) {
    MapValue entries = map.asMapValue();
    return entries.map().entrySet().stream()
        .filter(
            e -> e.getKey().isStringValue() && e.getKey().asStringValue().asString().equals(key))
        .map(e -> e.getValue())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no key " + key));
  }

  /** The payload map of an encoded frame, decoded by msgpack-core from the bin. */
  static Value payload(byte[] frame) {
    return value(get(value(frame), "payload").asBinaryValue().asByteArray());
  }

  /** A frame of {@code type} with seq 5 and the payload bytes given in hex. */
  static byte[] frame(int type, String payloadHex) {
    return envelope(type, 5, hex(payloadHex));
  }

  /** A Chat frame with seq 5 and the payload bytes given in hex. */
  static byte[] chat(String payloadHex) {
    return frame(2, payloadHex);
  }

  /** An empty Chat frame, seq 5, with an unknown key "x" holding {@code valueHex} after the seq. */
  static byte[] unknownKey(String valueHex) {
    return concat(
        hex("84 a4 74797065 02 a3 736571 05 a1 78"),
        hex(valueHex),
        hex("a7 7061796c6f6164 c4 01 80"));
  }

  /** {@code depth} arrays, each holding the next, around a nil. */
  static String deep(int depth) {
    return "91".repeat(depth) + "c0";
  }

  static byte[] concat(byte[]... parts) {
    int length = Arrays.stream(parts).mapToInt(part -> part.length).sum();
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
