package chat.gateway.domain.delivery;

import chat.gateway.domain.ContentType;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Limits;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import java.util.Optional;

/** What a Chat request must satisfy before the gateway stores it. */
public final class ChatRules {

  private ChatRules() {}

  public static ChatValidation validate(ClientPayload.Chat chat, Limits limits) {
    if (chat.to() <= 0) {
      return invalid("'to' must be a positive user id");
    }
    Optional<ContentType> type = ContentType.fromWire(chat.contentType());
    if (type.isEmpty()) {
      return invalid("'type' must be text, voice or image");
    }
    if (chat.content().isEmpty()) {
      return invalid("'content' must not be empty");
    }
    if (utf8Length(chat.content()) > limits.maxContentBytes()) {
      return invalid("'content' is longer than " + limits.maxContentBytes() + " bytes");
    }
    Optional<String> clientMsgId = chat.clientMsgId();
    if (clientMsgId.isPresent() && clientMsgId.get().length() > limits.maxClientMsgIdLength()) {
      return invalid(
          "'client_msg_id' is longer than " + limits.maxClientMsgIdLength() + " characters");
    }
    return new ChatValidation.Valid(UserId.of(chat.to()), type.get(), chat.content(), clientMsgId);
  }

  private static ChatValidation invalid(String reason) {
    return new ChatValidation.Invalid(ErrorCode.WS_INVALID_PAYLOAD, reason);
  }

  /** The UTF-8 length of {@code text}, without encoding it. */
  public static long utf8Length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
