package chat.gateway.codec;

import java.io.IOException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * A packer and the array it packs into, kept by one platform thread and reused frame after frame: a
 * frame then allocates its own array and the strings' bytes, not a packer, its buffers and their
 * slices. Not thread-safe; after a failure half-way through a frame, drop it.
 */
final class ReusablePacker implements MessageBufferOutput {

  /** Enough for a chat-sized frame and its envelope. */
  private static final int INITIAL_BYTES = 1024;

  /** The array is given up after a frame larger than this (a SyncRsp page) grew it. */
  static final int MAX_KEPT_BYTES = 16 * 1024;

  private byte[] array = new byte[INITIAL_BYTES];
  private MessageBuffer whole = MessageBuffer.wrap(array);

  /** Bytes the packer has handed back, from the array's start. */
  private int size;

  private final MessagePacker packer = MessagePack.DEFAULT_PACKER_CONFIG.newPacker(this);

  /** The packer, empty. */
  MessagePacker start() {
    size = 0;
    packer.clear();
    return packer;
  }

  /** The packer, to pack more after what it holds. */
  MessagePacker packer() {
    return packer;
  }

  /** Bytes packed since {@link #start}. */
  int packed() throws IOException {
    packer.flush();
    return size;
  }

  /** The bytes packed from {@code from} on, then those before it, as one new array. */
  byte[] swapped(int from) throws IOException {
    int total = packed();
    byte[] frame = new byte[total];
    System.arraycopy(array, from, frame, 0, total - from);
    System.arraycopy(array, 0, frame, total - from, from);
    return frame;
  }

  /** Whether a large frame grew the array past what a thread should keep. */
  boolean oversized() {
    return array.length > MAX_KEPT_BYTES;
  }

  @Override
  public MessageBuffer next(int minimumSize) {
    ensure(minimumSize);
    return whole.slice(size, array.length - size);
  }

  @Override
  public void writeBuffer(int length) {
    size += length;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, array, size, length);
    size += length;
  }

  @Override
  public void add(byte[] bytes, int offset, int length) {
    write(bytes, offset, length);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  private void ensure(int room) {
    if (array.length - size >= room) {
      return;
    }
    byte[] grown = new byte[Math.max(array.length * 2, size + room)];
    System.arraycopy(array, 0, grown, 0, size);
    array = grown;
    whole = MessageBuffer.wrap(grown);
  }
}
