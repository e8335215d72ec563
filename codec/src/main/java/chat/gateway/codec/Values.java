package chat.gateway.codec;

import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.Optional;

/**
 * Wire values into domain values for server payloads, failing with a reason instead of the domain
 * constructors' exceptions: a client must survive whatever a server sends.
 */
final class Values {

  private Values() {}

  static UserId userId(long value, String field) throws WireException {
    if (value <= 0) {
      throw new WireException("field '" + field + "' must be a positive user id");
    }
    return UserId.of(value);
  }

  static MessageId messageId(long value, String field) throws WireException {
    if (value <= 0) {
      throw new WireException("field '" + field + "' must be a positive message id");
    }
    return MessageId.of(value);
  }

  static ContentType contentType(String wire) throws WireException {
    return ContentType.fromWire(wire).orElseThrow(() -> unknown("type", wire));
  }

  static DeliveryStatus deliveryStatus(String wire) throws WireException {
    return DeliveryStatus.fromWire(wire).orElseThrow(() -> unknown("status", wire));
  }

  static PresenceStatus presenceStatus(String wire) throws WireException {
    return PresenceStatus.fromWire(wire).orElseThrow(() -> unknown("status", wire));
  }

  static ErrorCode errorCode(String wire) throws WireException {
    for (ErrorCode code : ErrorCode.values()) {
      if (code.name().equals(wire)) {
        return code;
      }
    }
    throw unknown("code", wire);
  }

  /** Go's omitempty cannot tell an empty string from an absent one, so neither can the wire. */
  static Optional<String> nonEmpty(String value) {
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static WireException unknown(String field, String wire) {
    String shown = wire.length() > 32 ? wire.substring(0, 32) + "..." : wire;
    return new WireException("field '" + field + "' has the unknown value '" + shown + "'");
  }
}
