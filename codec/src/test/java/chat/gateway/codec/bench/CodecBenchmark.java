package chat.gateway.codec.bench;

import chat.gateway.codec.Decoded;
import chat.gateway.codec.FrameCodec;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientFrame;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerFrame;
import chat.gateway.domain.protocol.ServerPayload;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode and decode of one frame of each type the gateway handles most, through the public {@link
 * FrameCodec}: what the server does per inbound frame (decode a client frame) and per outbound one
 * (encode a server frame), and the client library the other way round. Run it with {@code
 * scripts/bench-codec.sh} (figures in docs/benchmarks.md, "Codec (JMH)"); the build compiles it but
 * no test runs it.
 *
 * <p>The chat content is a chat-sized text of 120 bytes of UTF-8 with accents, CJK and an emoji,
 * since the strict UTF-8 check and the string conversion cost more on non-ASCII text.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class CodecBenchmark {

  static final String CONTENT =
      "Café at 10? 我们在楼下见 — bring the slides, and the new numbers 👍 "
          + "see you there, Zoë & the team";

  private final FrameCodec codec = new FrameCodec();

  private ClientFrame chat;
  private ClientFrame ack;
  private ClientFrame ping;
  private ServerFrame chatPush;
  private ServerFrame presencePush;
  private ServerFrame pong;
  private ServerFrame chatAck;

  private byte[] chatBytes;
  private byte[] ackBytes;
  private byte[] pingBytes;
  private byte[] chatPushBytes;
  private byte[] presencePushBytes;
  private byte[] pongBytes;
  private byte[] chatAckBytes;

  @Setup
  public void setUp() {
    long id = 1_820_672_000_001_024L;
    Instant created = Instant.ofEpochMilli(1_778_000_000_000L);
    chat =
        new ClientFrame(
            41, new ClientPayload.Chat(4242, "text", CONTENT, Optional.of("c-8f14e45fceea167a")));
    ack = new ClientFrame(42, new ClientPayload.Ack(id, "delivered"));
    ping = new ClientFrame(43, new ClientPayload.Ping());
    chatPush =
        ServerFrame.push(
            new ServerPayload.ChatPush(
                new Message(
                    MessageId.of(id),
                    UserId.of(17),
                    UserId.of(4242),
                    ContentType.TEXT,
                    CONTENT,
                    created,
                    DeliveryStatus.SENT,
                    Optional.of("c-8f14e45fceea167a"))));
    presencePush =
        ServerFrame.push(new ServerPayload.PresencePush(UserId.of(4242), PresenceStatus.AWAY));
    pong = ServerFrame.reply(43, new ServerPayload.Pong());
    chatAck =
        ServerFrame.reply(
            41,
            new ServerPayload.ChatAck(
                MessageId.of(id), Optional.of("c-8f14e45fceea167a"), created));

    chatBytes = codec.encode(chat);
    ackBytes = codec.encode(ack);
    pingBytes = codec.encode(ping);
    chatPushBytes = codec.encode(chatPush);
    presencePushBytes = codec.encode(presencePush);
    pongBytes = codec.encode(pong);
    chatAckBytes = codec.encode(chatAck);
    for (byte[] bytes : new byte[][] {chatBytes, ackBytes, pingBytes}) {
      if (!(codec.decodeClient(bytes) instanceof Decoded.Ok<ClientFrame>)) {
        throw new IllegalStateException("a sample client frame does not decode");
      }
    }
    for (byte[] bytes : new byte[][] {chatPushBytes, presencePushBytes, pongBytes, chatAckBytes}) {
      if (!(codec.decodeServer(bytes) instanceof Decoded.Ok<ServerFrame>)) {
        throw new IllegalStateException("a sample server frame does not decode");
      }
    }
  }

  // Client frames: the client encodes them, the gateway decodes them.

  @Benchmark
  public byte[] encodeChat() {
    return codec.encode(chat);
  }

  @Benchmark
  public Decoded<ClientFrame> decodeChat() {
    return codec.decodeClient(chatBytes);
  }

  @Benchmark
  public byte[] encodeAck() {
    return codec.encode(ack);
  }

  @Benchmark
  public Decoded<ClientFrame> decodeAck() {
    return codec.decodeClient(ackBytes);
  }

  @Benchmark
  public byte[] encodePing() {
    return codec.encode(ping);
  }

  @Benchmark
  public Decoded<ClientFrame> decodePing() {
    return codec.decodeClient(pingBytes);
  }

  // Server frames: the gateway encodes them, the client decodes them.

  @Benchmark
  public byte[] encodeChatPush() {
    return codec.encode(chatPush);
  }

  @Benchmark
  public Decoded<ServerFrame> decodeChatPush() {
    return codec.decodeServer(chatPushBytes);
  }

  @Benchmark
  public byte[] encodeChatAck() {
    return codec.encode(chatAck);
  }

  @Benchmark
  public Decoded<ServerFrame> decodeChatAck() {
    return codec.decodeServer(chatAckBytes);
  }

  @Benchmark
  public byte[] encodePong() {
    return codec.encode(pong);
  }

  @Benchmark
  public Decoded<ServerFrame> decodePong() {
    return codec.decodeServer(pongBytes);
  }

  @Benchmark
  public byte[] encodePresencePush() {
    return codec.encode(presencePush);
  }

  @Benchmark
  public Decoded<ServerFrame> decodePresencePush() {
    return codec.decodeServer(presencePushBytes);
  }
}
