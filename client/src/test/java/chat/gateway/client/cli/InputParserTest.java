package chat.gateway.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.domain.MessageId;
import chat.gateway.domain.PresenceStatus;
import chat.gateway.domain.UserId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InputParserTest {

  static Stream<Arguments> lines() {
    return Stream.of(
        Arguments.of("@42 hello there", new Input.Send(UserId.of(42), "hello there")),
        Arguments.of("  @42    spaced   out  ", new Input.Send(UserId.of(42), "spaced   out")),
        Arguments.of("@42\thello", new Input.Send(UserId.of(42), "hello")),
        Arguments.of(
            "@7 @8 is not a recipient", new Input.Send(UserId.of(7), "@8 is not a recipient")),
        Arguments.of("@42", new Input.Unknown("@42")),
        Arguments.of("@42   ", new Input.Unknown("@42   ")),
        Arguments.of("@ hello", new Input.Unknown("@ hello")),
        Arguments.of("@bob hello", new Input.Unknown("@bob hello")),
        Arguments.of("@0 hello", new Input.Unknown("@0 hello")),
        Arguments.of("@-1 hello", new Input.Unknown("@-1 hello")),
        Arguments.of("@99999999999999999999 hi", new Input.Unknown("@99999999999999999999 hi")),
        Arguments.of("/online", new Input.SetPresence(PresenceStatus.ONLINE)),
        Arguments.of("/away", new Input.SetPresence(PresenceStatus.AWAY)),
        Arguments.of(" /offline ", new Input.SetPresence(PresenceStatus.OFFLINE)),
        Arguments.of("/away now", new Input.Unknown("/away now")),
        Arguments.of("/read 17", new Input.Read(MessageId.of(17))),
        Arguments.of("/read", new Input.Unknown("/read")),
        Arguments.of("/read x", new Input.Unknown("/read x")),
        Arguments.of("/read 1 2", new Input.Unknown("/read 1 2")),
        Arguments.of(
            "/watch 1 2 3", new Input.Watch(List.of(UserId.of(1), UserId.of(2), UserId.of(3)))),
        Arguments.of("/watch", new Input.Watch(List.of())),
        Arguments.of("/watch 1 two", new Input.Unknown("/watch 1 two")),
        Arguments.of("/quit", new Input.Quit()),
        Arguments.of("/quit now", new Input.Unknown("/quit now")),
        Arguments.of("", new Input.Blank()),
        Arguments.of("   ", new Input.Blank()),
        Arguments.of("hello", new Input.Unknown("hello")),
        Arguments.of("/help", new Input.Unknown("/help")),
        Arguments.of("/ONLINE", new Input.Unknown("/ONLINE")));
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("lines")
  void parsesEachLineIntoOneInput(String line, Input expected) {
    assertThat(InputParser.parse(line)).isEqualTo(expected);
  }
}
