package chat.gateway.client.cli;

import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the chat command's input lines. Pure: a line in, an {@link Input} out, never a throw. */
final class InputParser {

  /** Printed for a line this parser does not understand. */
  static final String USAGE =
      "usage: @<user> <text> | /online | /away | /offline | /read <message id>"
          + " | /watch <user>... | /quit";

  private InputParser() {}

  static Input parse(String line) {
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      return new Input.Blank();
    }
    if (trimmed.startsWith("@")) {
      return send(trimmed).orElseGet(() -> new Input.Unknown(line));
    }
    String[] words = trimmed.split("\\s+");
    Optional<Input> command =
        switch (words[0]) {
          case "/online" -> presence(words, PresenceStatus.ONLINE);
          case "/away" -> presence(words, PresenceStatus.AWAY);
          case "/offline" -> presence(words, PresenceStatus.OFFLINE);
          case "/read" ->
              words.length == 2
                  ? positive(words[1]).map(id -> new Input.Read(MessageId.of(id)))
                  : Optional.empty();
          case "/watch" -> watch(words);
          case "/quit" -> words.length == 1 ? Optional.of(new Input.Quit()) : Optional.empty();
          default -> Optional.empty();
        };
    return command.orElseGet(() -> new Input.Unknown(line));
  }

  /** {@code @<user> <text>}: the text is everything after the first run of spaces, kept as is. */
  private static Optional<Input> send(String trimmed) {
    int space = 1;
    while (space < trimmed.length() && !Character.isWhitespace(trimmed.charAt(space))) {
      space++;
    }
    if (space == trimmed.length()) {
      return Optional.empty();
    }
    String text = trimmed.substring(space).stripLeading();
    return positive(trimmed.substring(1, space)).map(to -> new Input.Send(UserId.of(to), text));
  }

  private static Optional<Input> presence(String[] words, PresenceStatus status) {
    return words.length == 1 ? Optional.of(new Input.SetPresence(status)) : Optional.empty();
  }

  private static Optional<Input> watch(String[] words) {
    List<UserId> users = new ArrayList<>();
    for (int i = 1; i < words.length; i++) {
      Optional<Long> id = positive(words[i]);
      if (id.isEmpty()) {
        return Optional.empty();
      }
      users.add(UserId.of(id.get()));
    }
    return Optional.of(new Input.Watch(users));
  }

  private static Optional<Long> positive(String digits) {
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    try {
      long value = Long.parseLong(digits);
      return value > 0 ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }
}
