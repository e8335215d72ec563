package chat.gateway.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.client.GatewayClient;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.DeliveryStatus;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventPrinterTest {

  private static final UserId ME = UserId.of(7);

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final AtomicInteger ended = new AtomicInteger();
  private final EventPrinter printer =
      new EventPrinter(
          new PrintStream(bytes, true, StandardCharsets.UTF_8),
          () -> Optional.of(ME),
          ended::incrementAndGet);

  @Test
  void printsOneLinePerEventWithTheWordFirstAndTheFreeTextLast() {
    printer.onStateChanged(GatewayClient.State.CONNECTING);
    printer.onStateChanged(GatewayClient.State.CONNECTED);
    printer.onMessage(message(17, 42, 7, ContentType.TEXT, "hello there"));
    printer.onMessage(message(18, 7, 42, ContentType.TEXT, "from my phone"));
    printer.onMessage(message(19, 42, 7, ContentType.IMAGE, "media-1"));
    printer.onMessage(message(20, 7, 7, ContentType.TEXT, "note to self"));
    printer.sent(new ServerPayload.ChatAck(MessageId.of(21), Optional.empty(), Instant.EPOCH));
    printer.onReceipt(
        new ServerPayload.ReceiptPush(MessageId.of(21), UserId.of(42), DeliveryStatus.READ));
    printer.onPresence(new ServerPayload.PresencePush(UserId.of(42), PresenceStatus.AWAY));
    printer.onError(
        new ServerPayload.Error(ErrorCode.WS_USER_NOT_FOUND, "user 999 does not exist"));
    printer.onClosed(1001, "server going away");
    printer.onClosed(4409, "replaced by a newer connection");
    printer.onClosed(1006, "");
    printer.onStateChanged(GatewayClient.State.RECONNECTING);
    printer.onReconnecting(3, Duration.ofMillis(2_250));
    assertThat(ended).hasValue(0);
    printer.onStateChanged(GatewayClient.State.CLOSED);

    assertThat(lines())
        .containsExactly(
            "connected as 7",
            "message #17 from 42: hello there",
            "message #18 to 42: from my phone",
            "message #19 from 42 (image): media-1",
            "message #20 from 7: note to self",
            "sent #21",
            "receipt #21 read by 42",
            "presence 42 away",
            "error WS_USER_NOT_FOUND: user 999 does not exist",
            "closed 1001 server going away (reconnect)",
            "closed 4409 replaced by a newer connection (do not reconnect)",
            "closed 1006 (reconnect)",
            "reconnecting in 2.3 s (attempt 3)",
            "ended");
    assertThat(ended).hasValue(1);
  }

  @Test
  void lineBreaksAndBackslashesInTextAreEscapedSoAnEventStaysOneLine() {
    printer.onMessage(message(1, 42, 7, ContentType.TEXT, "two\nlines\r\nand a \\n"));

    assertThat(lines()).containsExactly("message #1 from 42: two\\nlines\\r\\nand a \\\\n");
  }

  private List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static Message message(long id, long from, long to, ContentType type, String content) {
    return new Message(
        MessageId.of(id),
        UserId.of(from),
        UserId.of(to),
        type,
        content,
        Instant.EPOCH,
        DeliveryStatus.SENT,
        Optional.empty());
  }
}
