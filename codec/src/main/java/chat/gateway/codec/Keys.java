package chat.gateway.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.msgpack.core.MessagePacker;

/**
 * The map keys of the wire format, as UTF-8 once, so that neither reading nor writing a frame
 * allocates for them. The names are the Go client's msgpack struct tags.
 */
final class Keys {

  static final byte[] TYPE = utf8("type");
  static final byte[] SEQ = utf8("seq");
  static final byte[] PAYLOAD = utf8("payload");

  static final byte[] TOKEN = utf8("token");
  static final byte[] TO = utf8("to");
  static final byte[] CONTENT = utf8("content");
  static final byte[] CLIENT_MSG_ID = utf8("client_msg_id");
  static final byte[] MESSAGE_ID = utf8("message_id");
  static final byte[] STATUS = utf8("status");
  static final byte[] LAST_MESSAGE_ID = utf8("last_message_id");
  static final byte[] LAST_SYNC_TIME = utf8("last_sync_time");
  static final byte[] USER_IDS = utf8("user_ids");
  static final byte[] MESSAGE_IDS = utf8("message_ids");

  static final byte[] SUCCESS = utf8("success");
  static final byte[] USER_ID = utf8("user_id");
  static final byte[] ERROR = utf8("error");
  static final byte[] MESSAGES = utf8("messages");
  static final byte[] HAS_MORE = utf8("has_more");
  static final byte[] CODE = utf8("code");
  static final byte[] MESSAGE = utf8("message");
  static final byte[] CREATED_AT = utf8("created_at");
  static final byte[] ID = utf8("id");
  static final byte[] FROM = utf8("from");

  /** For maps whose keys are all ignored. */
  static final byte[][] NONE = {};

  private Keys() {}

  /** Packs {@code key}, one of these, as a str: its UTF-8 is copied, never encoded again. */
  static MessagePacker pack(MessagePacker out, byte[] key) throws IOException {
    return out.packRawStringHeader(key.length).writePayload(key);
  }

  private static byte[] utf8(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }
}
