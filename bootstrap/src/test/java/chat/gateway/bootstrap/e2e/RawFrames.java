package chat.gateway.bootstrap.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-made MessagePack, for frames the codec refuses to build: unknown types, wrong field types,
 * padding up to an exact size. Values: {@link String} (str), {@link Number} (int), {@code byte[]}
 * (bin), {@link List} (array), {@link Map} (map, in iteration order: use a LinkedHashMap or Map.of
 * with one entry when order matters), {@link Str} (a str of any bytes, UTF-8 or not) and {@code
 * null} (nil).
 */
final class RawFrames {

  private RawFrames() {}

  /** A str whose bytes are written as given, whether or not they are UTF-8. */
  record Str(byte[] bytes) {}

  /** The envelope {@code {type, seq, payload}} with {@code payload} as a bin. */
  static byte[] envelope(long type, long seq, byte[] payload) {
    return map(entries("type", type, "seq", seq, "payload", payload));
  }

  /**
   * A Ping (type 6) with seq {@code seq} and an unknown key {@code pad} holding a bin sized so that
   * the whole frame is exactly {@code size} bytes. The gateway ignores unknown keys, so the frame
   * decodes as a Ping.
   */
  static byte[] paddedPing(long seq, int size) {
    byte[] empty = map(Map.of());
    int base = map(entries("type", 6, "seq", seq, "payload", empty, "pad", new byte[0])).length;
    for (int padding = Math.max(0, size - base - 5); padding <= size - base; padding++) {
      byte[] frame =
          map(entries("type", 6, "seq", seq, "payload", empty, "pad", new byte[padding]));
      if (frame.length == size) {
        return frame;
      }
    }
    throw new IllegalArgumentException("no padded Ping of exactly " + size + " bytes");
  }

  /** An insertion-ordered map of alternating keys and values. */
  static Map<String, Object> entries(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** The MessagePack encoding of {@code map}. */
  static byte[] map(Map<String, ?> map) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, map);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, Object value) {
    switch (value) {
      case null -> out.write(0xc0);
      case String s -> {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        header(out, utf8.length, 0xa0, 31, 0xd9, 0xda, 0xdb);
        out.writeBytes(utf8);
      }
      case Str str -> {
        header(out, str.bytes().length, 0xa0, 31, 0xd9, 0xda, 0xdb);
        out.writeBytes(str.bytes());
      }
      case Number n -> writeLong(out, n.longValue());
      case byte[] bytes -> {
        header(out, bytes.length, -1, -1, 0xc4, 0xc5, 0xc6);
        out.writeBytes(bytes);
      }
      case List<?> list -> {
        header(out, list.size(), 0x90, 15, -1, 0xdc, 0xdd);
        list.forEach(item -> write(out, item));
      }
      case Map<?, ?> map -> {
        header(out, map.size(), 0x80, 15, -1, 0xde, 0xdf);
        map.forEach(
            (k, v) -> {
              write(out, k);
              write(out, v);
            });
      }
      default -> throw new IllegalArgumentException("cannot encode " + value.getClass());
    }
  }

  /** A length header: fix (when {@code fix >= 0} and it fits), 8-, 16- or 32-bit. */
  private static void header(
      ByteArrayOutputStream out, int length, int fix, int fixMax, int b8, int b16, int b32) {
    if (fix >= 0 && length <= fixMax) {
      out.write(fix | length);
    } else if (b8 >= 0 && length <= 0xff) {
      out.write(b8);
      out.write(length);
    } else if (length <= 0xffff) {
      out.write(b16);
      out.write(length >>> 8);
      out.write(length);
    } else {
      out.write(b32);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write(length >>> shift);
      }
    }
  }

  private static void writeLong(ByteArrayOutputStream out, long value) {
    if (value >= 0 && value <= 0x7f) {
      out.write((int) value);
    } else if (value < 0 && value >= -32) {
      out.write((int) value & 0xff);
    } else {
      out.write(0xd3);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (value >>> shift));
      }
    }
  }
}
