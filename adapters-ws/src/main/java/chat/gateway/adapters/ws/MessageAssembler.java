package chat.gateway.adapters.ws;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads one whole WebSocket message, fragments included, refusing to hold more than {@code limit}
 * bytes: the buffer grows with what actually arrives, never with what a header declares. Undertow's
 * own limit would send the 1009 close itself, before the gateway could say why; this one lets the
 * gateway send its Error first.
 */
final class MessageAssembler {

  /** What happened to the message. */
  interface Outcome {
    void complete(byte[] message, int length);

    void tooLarge();

    void failed(IOException error);
  }

  private final StreamSourceFrameChannel source;
  private final int limit;
  private final boolean keep;
  private final Outcome outcome;
  private byte[] bytes = new byte[0];
  private long length;

  /**
   * @param keep false to count and drop the bytes (a text frame the gateway refuses anyway)
   */
  MessageAssembler(StreamSourceFrameChannel source, int limit, boolean keep, Outcome outcome) {
    this.source = source;
    this.limit = limit;
    this.keep = keep;
    this.outcome = outcome;
  }

  /** Reads what is available now and continues when more arrives. */
  void start() {
    if (readAvailable()) {
      return;
    }
    source.getReadSetter().set(channel -> readAvailable());
    source.resumeReads();
  }

  /** Returns true when the message is finished (complete, too large or failed). */
  private boolean readAvailable() {
    try (PooledByteBuffer pooled = source.getWebSocketChannel().getBufferPool().allocate()) {
      ByteBuffer buffer = pooled.getBuffer();
      while (true) {
        buffer.clear();
        int read = source.read(buffer);
        if (read == -1) {
          source.suspendReads();
          outcome.complete(bytes, (int) length);
          return true;
        }
        if (read == 0) {
          return false;
        }
        if (length + read > limit) {
          source.suspendReads();
          outcome.tooLarge();
          return true;
        }
        if (keep) {
          append(buffer.flip());
        }
        length += read;
      }
    } catch (IOException e) {
      source.suspendReads();
      outcome.failed(e);
      return true;
    }
  }

  private void append(ByteBuffer chunk) {
    int needed = (int) length + chunk.remaining();
    if (needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(needed, bytes.length * 2)));
    }
    chunk.get(bytes, (int) length, chunk.remaining());
  }
}
