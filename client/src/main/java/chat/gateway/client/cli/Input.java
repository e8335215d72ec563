package chat.gateway.client.cli;

import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.List;
import java.util.Objects;

/** One line a user typed, understood. */
sealed interface Input {

  /** {@code @42 hello there}: send {@code text} to user {@code to}. */
  record Send(UserId to, String text) implements Input {
    public Send {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(text, "text");
    }
  }

  /** {@code /online}, {@code /away}, {@code /offline}. */
  record SetPresence(PresenceStatus status) implements Input {
    public SetPresence {
      Objects.requireNonNull(status, "status");
    }
  }

  /** {@code /read 17}: mark message 17 read. */
  record Read(MessageId message) implements Input {
    public Read {
      Objects.requireNonNull(message, "message");
    }
  }

  /** {@code /watch 1 2 3}: watch these users' presence (none: watch nobody). */
  record Watch(List<UserId> users) implements Input {
    public Watch {
      users = List.copyOf(users);
    }
  }

  /** {@code /quit}. */
  record Quit() implements Input {}

  /** An empty line: nothing to do. */
  record Blank() implements Input {}

  /** Anything else: show the usage line. */
  record Unknown(String line) implements Input {
    public Unknown {
      Objects.requireNonNull(line, "line");
    }
  }
}
