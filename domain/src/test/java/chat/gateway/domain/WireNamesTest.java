package chat.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The wire names of ContentType, DeliveryStatus and PresenceStatus (protocol brief, section 2). */
class WireNamesTest {

  @ParameterizedTest
  @CsvSource({"TEXT, text", "VOICE, voice", "IMAGE, image"})
  void contentTypeWireNames(ContentType type, String wireName) {
    assertThat(type.wireName()).isEqualTo(wireName);
    assertThat(ContentType.fromWire(wireName)).contains(type);
  }

  @ParameterizedTest
  @CsvSource({"SENT, sent", "DELIVERED, delivered", "READ, read"})
  void deliveryStatusWireNames(DeliveryStatus status, String wireName) {
    assertThat(status.wireName()).isEqualTo(wireName);
    assertThat(DeliveryStatus.fromWire(wireName)).contains(status);
  }

  @ParameterizedTest
  @CsvSource({"ONLINE, online", "OFFLINE, offline", "AWAY, away"})
  void presenceStatusWireNames(PresenceStatus status, String wireName) {
    assertThat(status.wireName()).isEqualTo(wireName);
    assertThat(PresenceStatus.fromWire(wireName)).contains(status);
  }

  @ParameterizedTest
  @EnumSource(ContentType.class)
  void contentTypeRoundTrips(ContentType type) {
    assertThat(ContentType.fromWire(type.wireName())).contains(type);
  }

  @ParameterizedTest
  @EnumSource(DeliveryStatus.class)
  void deliveryStatusRoundTrips(DeliveryStatus status) {
    assertThat(DeliveryStatus.fromWire(status.wireName())).contains(status);
  }

  @ParameterizedTest
  @EnumSource(PresenceStatus.class)
  void presenceStatusRoundTrips(PresenceStatus status) {
    assertThat(PresenceStatus.fromWire(status.wireName())).contains(status);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "video", "TEXT", "Text", " text", "text ", "IMAGE", "Voice", "txt"})
  void unknownContentTypes(String name) {
    assertThat(ContentType.fromWire(name)).isEmpty();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "SENT", "Delivered", "read ", "seen", "pending", "0"})
  void unknownDeliveryStatuses(String name) {
    assertThat(DeliveryStatus.fromWire(name)).isEmpty();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "ONLINE", "Away", "busy", "offline\n", "invisible"})
  void unknownPresenceStatuses(String name) {
    assertThat(PresenceStatus.fromWire(name)).isEmpty();
  }

  static Stream<Arguments> orders() {
    DeliveryStatus sent = DeliveryStatus.SENT;
    DeliveryStatus delivered = DeliveryStatus.DELIVERED;
    DeliveryStatus read = DeliveryStatus.READ;
    return Stream.of(
        Arguments.of(sent, sent, false),
        Arguments.of(sent, delivered, true),
        Arguments.of(sent, read, true),
        Arguments.of(delivered, sent, false),
        Arguments.of(delivered, delivered, false),
        Arguments.of(delivered, read, true),
        Arguments.of(read, sent, false),
        Arguments.of(read, delivered, false),
        Arguments.of(read, read, false));
  }

  @ParameterizedTest(name = "{0} before {1}: {2}")
  @MethodSource("orders")
  void deliveryStatusOnlyMovesSentDeliveredRead(
      DeliveryStatus from, DeliveryStatus to, boolean before) {
    assertThat(from.isBefore(to)).isEqualTo(before);
  }
}
