package chat.gateway.testsupport;

import chat.gateway.application.port.out.NewMessage;
import chat.gateway.domain.ContentType;
import chat.gateway.domain.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Builds a {@link NewMessage}: {@code aMessage().from(alice).to(bob).text("hi").build()}. Anything
 * not given is a fresh random user, the text "hello", now (in milliseconds) and no client id.
 */
public final class Messages {

  private UserId from = Users.randomUser();
  private UserId to = Users.randomUser();
  private ContentType type = ContentType.TEXT;
  private String content = "hello";
  private Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private Optional<String> clientMsgId = Optional.empty();

  private Messages() {}

  public static Messages aMessage() {
    return new Messages();
  }

  public Messages from(UserId sender) {
    from = sender;
    return this;
  }

  public Messages to(UserId recipient) {
    to = recipient;
    return this;
  }

  public Messages text(String text) {
    return content(ContentType.TEXT, text);
  }

  public Messages image(String mediaId) {
    return content(ContentType.IMAGE, mediaId);
  }

  public Messages voice(String mediaId) {
    return content(ContentType.VOICE, mediaId);
  }

  public Messages content(ContentType contentType, String value) {
    type = contentType;
    content = value;
    return this;
  }

  public Messages createdAt(Instant time) {
    createdAt = time;
    return this;
  }

  public Messages clientMsgId(String id) {
    clientMsgId = Optional.of(id);
    return this;
  }

  public Messages withoutClientMsgId() {
    clientMsgId = Optional.empty();
    return this;
  }

  public NewMessage build() {
    return new NewMessage(from, to, type, content, createdAt, clientMsgId);
  }
}
