package chat.gateway.codec;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.Message;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A platform thread packs every frame with the packer it keeps, a virtual thread with a new one:
 * the bytes are the same, frame after frame, whatever size came before (a large frame grows the
 * kept array, which is then let go).
 */
class ReusedPackerTest {

  private final FrameCodec codec = new FrameCodec();
  private final ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void stop() {
    virtual.shutdownNow();
  }

  @Test
  void serverFramesPackedOneAfterAnotherOnAPlatformThreadAreTheBytesOfFreshPackers()
      throws Exception {
    List<ServerFrame> frames = new ArrayList<>();
    for (ServerFrame frame : Samples.serverFrames()) {
      frames.add(frame);
      frames.add(large());
      frames.add(frame);
    }

    for (ServerFrame frame : frames) {
      assertThat(codec.encode(frame))
          .as("%s", frame.payload().getClass().getSimpleName())
          .isEqualTo(onVirtualThread(() -> codec.encode(frame)));
    }
  }

  @Test
  void clientFramesPackedOneAfterAnotherOnAPlatformThreadAreTheBytesOfFreshPackers()
      throws Exception {
    for (ClientFrame frame : Samples.clientFrames()) {
      byte[] fresh = onVirtualThread(() -> codec.encode(frame));
      assertThat(codec.encode(frame)).isEqualTo(fresh);
      assertThat(codec.encode(frame)).isEqualTo(fresh);
    }
  }

  /**
   * A SyncRsp of about 100 KiB, with a content past msgpack-core's 8 KiB direct-write threshold.
   */
  private static ServerFrame large() {
    List<Message> page =
        LongStream.rangeClosed(1, 10)
            .mapToObj(id -> withContent(Samples.message(id, Optional.of("c-" + id)), 10_000))
            .toList();
    return ServerFrame.reply(7, new ServerPayload.SyncRsp(page, true));
  }

  private static Message withContent(Message message, int length) {
    return new Message(
        message.id(),
        message.from(),
        message.to(),
        message.type(),
        "é".repeat(length / 2),
        message.createdAt(),
        message.status(),
        message.clientMsgId());
  }

  private byte[] onVirtualThread(Callable<byte[]> encode) throws Exception {
    return virtual.submit(encode).get();
  }
}
