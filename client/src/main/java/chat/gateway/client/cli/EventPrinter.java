package chat.gateway.client.cli;

import chat.gateway.client.ClientListener;
import chat.gateway.client.CloseAdvice;
import chat.gateway.client.GatewayClient;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.Message;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Prints what happens as one line per event, for a person and for a script alike: a fixed word
 * first, numbers as digits, the free text last (with backslash, CR and LF escaped, so that a line
 * is always one event).
 *
 * <pre>
 * connected as 7
 * message #17 from 42: hello there        (to this user)
 * message #18 to 42: see you              (sent by this user from another device)
 * message #19 from 42 (image): media-id   (voice and image show their type)
 * sent #17
 * receipt #17 read by 42
 * presence 42 away
 * error WS_USER_NOT_FOUND: user 999 does not exist
 * closed 1001 server going away (reconnect)
 * reconnecting in 1.2 s (attempt 1)
 * ended                                   (the client gave up, or was closed)
 * </pre>
 */
final class EventPrinter implements ClientListener {

  private final PrintStream out;
  private final Supplier<Optional<UserId>> me;
  private final Runnable onEnded;

  /**
   * @param me the connected user, to tell incoming messages from this user's own
   * @param onEnded run when the client's session ended: it will not reconnect
   */
  EventPrinter(PrintStream out, Supplier<Optional<UserId>> me, Runnable onEnded) {
    this.out = out;
    this.me = me;
    this.onEnded = onEnded;
  }

  @Override
  public void onMessage(Message message) {
    boolean mine = me.get().map(user -> user.equals(message.from())).orElse(false);
    boolean toMe = me.get().map(user -> user.equals(message.to())).orElse(false);
    String peer = mine && !toMe ? "to " + message.to() : "from " + message.from();
    String kind = message.type() == ContentType.TEXT ? "" : " (" + message.type().wireName() + ")";
    print("message #" + message.id() + " " + peer + kind + ": " + escape(message.content()));
  }

  @Override
  public void onReceipt(ServerPayload.ReceiptPush receipt) {
    print(
        "receipt #"
            + receipt.messageId()
            + " "
            + receipt.status().wireName()
            + " by "
            + receipt.userId());
  }

  @Override
  public void onPresence(ServerPayload.PresencePush presence) {
    print("presence " + presence.userId() + " " + presence.status().wireName());
  }

  @Override
  public void onError(ServerPayload.Error error) {
    error(error.code() + ": " + error.message());
  }

  @Override
  public void onStateChanged(GatewayClient.State state) {
    switch (state) {
      case CONNECTED -> print("connected as " + me.get().map(UserId::toString).orElse("?"));
      case CLOSED -> {
        print("ended");
        onEnded.run();
      }
      case CONNECTING, RECONNECTING -> {
        // The close before, and the wait, have their own lines.
      }
    }
  }

  @Override
  public void onClosed(int code, String reason) {
    String because = reason.isBlank() ? "" : " " + escape(reason);
    print("closed " + code + because + " (" + CloseAdvice.of(code).label() + ")");
  }

  @Override
  public void onReconnecting(int attempt, Duration delay) {
    String seconds = String.format(Locale.ROOT, "%.1f", delay.toMillis() / 1000.0);
    print("reconnecting in " + seconds + " s (attempt " + attempt + ")");
  }

  void sent(ServerPayload.ChatAck ack) {
    print("sent #" + ack.messageId());
  }

  void error(String text) {
    print("error " + escape(text));
  }

  void usage() {
    print(InputParser.USAGE);
  }

  private void print(String line) {
    // One println per event: PrintStream locks per call, so lines from threads never interleave.
    out.println(line);
  }

  static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }
}
