package chat.gateway.codec;

import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.FrameType;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.buffer.MessageBuffer;

/**
 * Packs the payload map first and the envelope after it, in the same packer, because the envelope's
 * bin header declares the payload's length; the frame then takes the two the other way round, each
 * copied once.
 *
 * <p>A platform thread (a socket's I/O thread, which encodes most frames) packs with a {@link
 * ReusablePacker} of its own; a virtual thread, which lives for one task, takes a new packer per
 * frame instead of filling a thread-local map for a single use.
 */
final class FrameEncoder {

  /**
   * Most payloads fit, with their envelope, in one buffer of this size, so the packer hands it over
   * as it is. A larger one (a SyncRsp page, a long content) grows the packer by further buffers.
   */
  private static final MessagePack.PackerConfig PACKER =
      new MessagePack.PackerConfig().withBufferSize(256);

  /**
   * The frames without text of their own (heartbeats, single acks, presence), the most frequent:
   * their envelope and payload take under 80 bytes, so a quarter of the buffer above would do, and
   * half of it is allocated for them.
   */
  private static final MessagePack.PackerConfig SMALL_PACKER =
      new MessagePack.PackerConfig().withBufferSize(128);

  /** Each platform thread's packer. */
  private static final ThreadLocal<ReusablePacker> REUSED =
      ThreadLocal.withInitial(ReusablePacker::new);

  private FrameEncoder() {}

  static byte[] encode(ServerFrame frame) {
    try {
      if (Thread.currentThread().isVirtual()) {
        MessageBufferPacker packer = packerFor(frame.payload());
        ServerPayloadWriter.write(frame.payload(), packer);
        return withEnvelope(frame.type(), frame.seq(), packer);
      }
      ReusablePacker reused = REUSED.get();
      try {
        ServerPayloadWriter.write(frame.payload(), reused.start());
        return withEnvelope(frame.type(), frame.seq(), reused);
      } catch (IOException | RuntimeException | Error e) {
        REUSED.remove();
        throw e;
      }
    } catch (IOException e) {
      throw inMemory(e);
    }
  }

  static byte[] encode(ClientFrame frame) {
    try {
      if (Thread.currentThread().isVirtual()) {
        MessageBufferPacker packer = packerFor(frame.payload());
        ClientPayloadWriter.write(frame.payload(), packer);
        return withEnvelope(frame.type(), frame.seq(), packer);
      }
      ReusablePacker reused = REUSED.get();
      try {
        ClientPayloadWriter.write(frame.payload(), reused.start());
        return withEnvelope(frame.type(), frame.seq(), reused);
      } catch (IOException | RuntimeException | Error e) {
        REUSED.remove();
        throw e;
      }
    } catch (IOException e) {
      throw inMemory(e);
    }
  }

  /** As below, for a reused packer, which is let go if the frame grew it too large. */
  private static byte[] withEnvelope(FrameType type, long seq, ReusablePacker reused)
      throws IOException {
    int payload = reused.packed();
    packEnvelope(type, seq, payload, reused.packer());
    byte[] frame = reused.swapped(payload);
    if (reused.oversized()) {
      REUSED.remove();
    }
    return frame;
  }

  private static MessageBufferPacker packerFor(ServerPayload payload) {
    boolean small =
        switch (payload) {
          case ServerPayload.Pong pong -> true;
          case ServerPayload.PresencePush presence -> true;
          default -> false;
        };
    return (small ? SMALL_PACKER : PACKER).newBufferPacker();
  }

  private static MessageBufferPacker packerFor(ClientPayload payload) {
    boolean small =
        switch (payload) {
          case ClientPayload.Ping ping -> true;
          case ClientPayload.Presence presence -> presence.status().length() <= 16;
          case ClientPayload.SyncReq sync -> true;
          case ClientPayload.Ack ack -> ack.messageIds().isEmpty() && ack.status().length() <= 16;
          default -> false;
        };
    return (small ? SMALL_PACKER : PACKER).newBufferPacker();
  }

  /**
   * Packs the envelope after the payload that {@code packer} holds, keys in the Go struct's order:
   * type, seq, payload. Returns the envelope followed by the payload.
   */
  private static byte[] withEnvelope(FrameType type, long seq, MessageBufferPacker packer)
      throws IOException {
    int payload = (int) packer.getTotalWrittenBytes();
    packEnvelope(type, seq, payload, packer);
    MessageBuffer packed = packer.toMessageBuffer();
    int envelope = packed.size() - payload;
    byte[] frame = new byte[packed.size()];
    packed.getBytes(payload, frame, 0, envelope);
    packed.getBytes(0, frame, envelope, payload);
    return frame;
  }

  /** The envelope, keys in the Go struct's order: type, seq, payload (its bin header). */
  private static void packEnvelope(FrameType type, long seq, int payload, MessagePacker packer)
      throws IOException {
    packer.packMapHeader(3);
    Keys.pack(packer, Keys.TYPE).packInt(type.code());
    Keys.pack(packer, Keys.SEQ).packLong(seq);
    Keys.pack(packer, Keys.PAYLOAD).packBinaryHeader(payload);
  }

  /** msgpack-core declares IOException for packers on streams; one packing into memory has none. */
  private static UncheckedIOException inMemory(IOException e) {
    return new UncheckedIOException("packing into memory failed", e);
  }
}
