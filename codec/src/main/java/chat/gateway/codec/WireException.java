package chat.gateway.codec;

/**
 * Bytes that do not have the expected shape. Checked, so that no decoding path can forget to turn
 * it into a {@link Decoded.Failed}; stackless, because hostile input makes it frequent and the
 * stack says nothing about the bytes.
 */
final class WireException extends Exception {

  WireException(String reason) {
    super(reason, null, false, false);
  }
}
