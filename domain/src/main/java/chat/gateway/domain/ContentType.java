package chat.gateway.domain;

import java.util.Optional;

/** What a chat message's content is: text, or the media id of a voice note or an image. */
public enum ContentType {
  TEXT("text"),
  VOICE("voice"),
  IMAGE("image");

  private final String wireName;

  ContentType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ContentType> fromWire(String name) {
    for (ContentType type : values()) {
      if (type.wireName.equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
