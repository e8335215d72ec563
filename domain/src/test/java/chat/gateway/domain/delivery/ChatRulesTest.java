package chat.gateway.domain.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import chat.gateway.domain.ContentType;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.Limits;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ClientPayload;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a Chat request must satisfy (protocol brief, section 5): WS_INVALID_PAYLOAD otherwise. */
class ChatRulesTest {

  private static final Limits DEFAULTS = Limits.defaults();
  private static final String E_ACUTE = "\u00e9"; // 2 bytes
  private static final String EURO = "\u20ac"; // 3 bytes
  private static final String GRIN = "\uD83D\uDE00"; // U+1F600, 4 bytes, a surrogate pair
  private static final String HIGH = "\uD83D";
  private static final String LOW = "\uDE00";

  static Stream<Arguments> validChats() {
    return Stream.of(
        argumentSet(
            "text",
            chat(2, "text", "hello", Optional.empty()),
            new ChatValidation.Valid(UserId.of(2), ContentType.TEXT, "hello", Optional.empty())),
        argumentSet(
            "voice with a client_msg_id",
            chat(Long.MAX_VALUE, "voice", "media/v-123", Optional.of("c-1")),
            new ChatValidation.Valid(
                UserId.of(Long.MAX_VALUE), ContentType.VOICE, "media/v-123", Optional.of("c-1"))),
        argumentSet(
            "image, empty client_msg_id means none",
            chat(1, "image", "media/i-9", Optional.of("")),
            new ChatValidation.Valid(
                UserId.of(1), ContentType.IMAGE, "media/i-9", Optional.empty())));
  }

  @ParameterizedTest
  @MethodSource("validChats")
  void valid(ClientPayload.Chat chat, ChatValidation expected) {
    assertThat(ChatRules.validate(chat, DEFAULTS)).isEqualTo(expected);
  }

  static Stream<Arguments> invalidChats() {
    String badTo = "'to' must be a positive user id";
    String badType = "'type' must be text, voice or image";
    return Stream.of(
        argumentSet("to 0", chat(0, "text", "hi", Optional.empty()), badTo),
        argumentSet("to -1", chat(-1, "text", "hi", Optional.empty()), badTo),
        argumentSet(
            "to Long.MIN_VALUE", chat(Long.MIN_VALUE, "text", "hi", Optional.empty()), badTo),
        argumentSet("to checked before type", chat(0, "video", "", Optional.empty()), badTo),
        argumentSet("type video", chat(2, "video", "hi", Optional.empty()), badType),
        argumentSet("type empty", chat(2, "", "hi", Optional.empty()), badType),
        argumentSet("type TEXT", chat(2, "TEXT", "hi", Optional.empty()), badType),
        argumentSet("type Voice", chat(2, "Voice", "hi", Optional.empty()), badType),
        argumentSet("type ' text'", chat(2, " text", "hi", Optional.empty()), badType),
        argumentSet(
            "empty content", chat(2, "text", "", Optional.empty()), "'content' must not be empty"),
        argumentSet(
            "empty image content",
            chat(2, "image", "", Optional.empty()),
            "'content' must not be empty"));
  }

  @ParameterizedTest
  @MethodSource("invalidChats")
  void invalid(ClientPayload.Chat chat, String reason) {
    assertThat(ChatRules.validate(chat, DEFAULTS))
        .isEqualTo(new ChatValidation.Invalid(ErrorCode.WS_INVALID_PAYLOAD, reason));
  }

  static Stream<Arguments> contentSizes() {
    return Stream.of(
        argumentSet("10 ASCII, max 10", "a".repeat(10), 10, true),
        argumentSet("11 ASCII, max 10", "a".repeat(11), 10, false),
        argumentSet("5 x e-acute = 10 bytes, max 10", E_ACUTE.repeat(5), 10, true),
        argumentSet("5 x e-acute = 10 bytes, max 9", E_ACUTE.repeat(5), 9, false),
        argumentSet("3 x euro = 9 bytes, max 9", EURO.repeat(3), 9, true),
        argumentSet("3 x euro = 9 bytes, max 8", EURO.repeat(3), 8, false),
        argumentSet("2 x emoji = 8 bytes, max 8", GRIN.repeat(2), 8, true),
        argumentSet("2 x emoji = 8 bytes, max 7", GRIN.repeat(2), 7, false),
        argumentSet("1+2+3+4 bytes, max 10", "a" + E_ACUTE + EURO + GRIN, 10, true),
        argumentSet("1+2+3+4 bytes, max 9", "a" + E_ACUTE + EURO + GRIN, 9, false),
        argumentSet("lone high surrogate = 3 bytes, max 3", HIGH, 3, true),
        argumentSet("lone high surrogate = 3 bytes, max 2", HIGH, 2, false),
        argumentSet("lone low surrogate = 3 bytes, max 2", LOW, 2, false),
        argumentSet("high surrogate at the end = 2+3 bytes, max 5", "ab" + HIGH, 5, true),
        argumentSet("high surrogate at the end = 2+3 bytes, max 4", "ab" + HIGH, 4, false),
        argumentSet("reversed pair = 3+3 bytes, max 6", LOW + HIGH, 6, true),
        argumentSet("reversed pair = 3+3 bytes, max 5", LOW + HIGH, 5, false),
        argumentSet("default limit: 64 KiB exactly", "x".repeat(65_536), 65_536, true),
        argumentSet("default limit: 64 KiB + 1", "x".repeat(65_537), 65_536, false));
  }

  @ParameterizedTest
  @MethodSource("contentSizes")
  void contentIsLimitedInUtf8Bytes(String content, int maxContentBytes, boolean accepted) {
    Limits limits = Limits.builder().maxContentBytes(maxContentBytes).build();

    ChatValidation validation =
        ChatRules.validate(chat(2, "text", content, Optional.empty()), limits);

    assertThat(validation)
        .isEqualTo(
            accepted
                ? new ChatValidation.Valid(
                    UserId.of(2), ContentType.TEXT, content, Optional.empty())
                : new ChatValidation.Invalid(
                    ErrorCode.WS_INVALID_PAYLOAD,
                    "'content' is longer than " + maxContentBytes + " bytes"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain ascii",
        "\u007f\u0080",
        "\u07ff\u0800",
        "\uffff",
        "caf\u00e9 \u20ac5 \uD83D\uDE00 \uD83C\uDDEB\uD83C\uDDF7",
        "\uDBFF\uDFFF"
      })
  void utf8LengthOfWellFormedTextIsWhatTheEncoderWrites(String text) {
    assertThat(ChatRules.utf8Length(text)).isEqualTo(text.getBytes(UTF_8).length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uD83D", "\uDE00", "a\uD83Db", "\uDE00\uD83D", "\uD83D\uD83D\uDE00"})
  void utf8LengthNeverUndercountsMalformedText(String text) {
    assertThat(ChatRules.utf8Length(text)).isGreaterThanOrEqualTo(text.getBytes(UTF_8).length);
  }

  static Stream<Arguments> clientMsgIds() {
    return Stream.of(
        argumentSet("absent", Optional.empty(), 128, Optional.empty()),
        argumentSet("empty means absent", Optional.of(""), 128, Optional.empty()),
        argumentSet("short", Optional.of("c-1"), 128, Optional.of("c-1")),
        argumentSet("exactly 128", Optional.of("k".repeat(128)), 128, Optional.of("k".repeat(128))),
        argumentSet("exactly 4 of 4", Optional.of("abcd"), 4, Optional.of("abcd")));
  }

  @ParameterizedTest
  @MethodSource("clientMsgIds")
  void clientMsgIdAccepted(Optional<String> id, int max, Optional<String> expected) {
    Limits limits = Limits.builder().maxClientMsgIdLength(max).build();

    assertThat(ChatRules.validate(chat(2, "text", "hi", id), limits))
        .isEqualTo(new ChatValidation.Valid(UserId.of(2), ContentType.TEXT, "hi", expected));
  }

  static Stream<Arguments> tooLongClientMsgIds() {
    return Stream.of(
        argumentSet("129 of 128", "k".repeat(129), 128),
        argumentSet("5 of 4", "abcde", 4),
        argumentSet("2 of 1", "ab", 1));
  }

  @ParameterizedTest
  @MethodSource("tooLongClientMsgIds")
  void clientMsgIdOverTheLimitIsRefused(String id, int max) {
    Limits limits = Limits.builder().maxClientMsgIdLength(max).build();

    assertThat(ChatRules.validate(chat(2, "text", "hi", Optional.of(id)), limits))
        .isEqualTo(
            new ChatValidation.Invalid(
                ErrorCode.WS_INVALID_PAYLOAD,
                "'client_msg_id' is longer than " + max + " characters"));
  }

  @Test
  void defaultClientMsgIdLimitIs128() {
    assertThat(ChatRules.validate(chat(2, "text", "hi", Optional.of("k".repeat(129))), DEFAULTS))
        .isInstanceOf(ChatValidation.Invalid.class);
  }

  private static ClientPayload.Chat chat(
      long to, String type, String content, Optional<String> clientMsgId) {
    return new ClientPayload.Chat(to, type, content, clientMsgId);
  }
}
