package chat.gateway.domain;

/** The error codes of the protocol (design document, section 5.1). Sent in an Error frame. */
public enum ErrorCode {
  /** The frame is not a protocol message: not binary, not decodable, too large, unknown type. */
  WS_INVALID_MESSAGE,
  /** A request other than Auth arrived before the connection authenticated. */
  WS_NOT_AUTHENTICATED,
  /** The token was refused. */
  WS_AUTH_FAILED,
  /** The payload has the wrong shape or a value outside what the protocol allows. */
  WS_INVALID_PAYLOAD,
  /** The recipient of a chat message does not exist. */
  WS_USER_NOT_FOUND,
  /** The connection sends faster than its rate limit; the frame was dropped. */
  WS_RATE_LIMITED,
  /** The gateway could not complete the request; retrying later may succeed. */
  WS_INTERNAL_ERROR
}
