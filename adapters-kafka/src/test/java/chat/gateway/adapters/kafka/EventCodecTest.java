package chat.gateway.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.adapters.kafka.EventCodec.UndecodableEventException;
import chat.gateway.application.port.out.ClusterEvent;
import chat.gateway.application.port.out.ClusterEvent.Evict;
import chat.gateway.domain.ConnectionId;
import chat.gateway.domain.UserId;
import chat.gateway.testsupport.EventBusContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

class EventCodecTest {

  @Test
  void everyKindOfEventComesBackEqual() {
    for (ClusterEvent event : EventBusContract.everyKindOfEvent()) {
      assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
    }
  }

  @Test
  void aFieldAppendedByALaterVersionIsSkipped() throws IOException {
    try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
      out.packArrayHeader(6);
      out.packInt(EventCodec.FORMAT);
      out.packInt(4);
      out.packArrayHeader(1);
      out.packLong(7);
      out.packString("conn-1");
      out.packString("a field of a later version");
      assertThat(EventCodec.decode(out.toByteArray()))
          .isEqualTo(new Evict(Set.of(UserId.of(7)), new ConnectionId("conn-1")));
    }
  }

  @Test
  void anotherFormatIsRefusedByName() throws IOException {
    byte[] encoded = EventCodec.encode(new Evict(Set.of(), new ConnectionId("c")));
    try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
      out.packArrayHeader(4);
      out.packInt(EventCodec.FORMAT + 1);
      out.packInt(4);
      out.packArrayHeader(0);
      out.packString("c");
      assertThatThrownBy(() -> EventCodec.decode(out.toByteArray()))
          .isInstanceOfSatisfying(
              UndecodableEventException.class,
              e -> assertThat(e.kind()).isEqualTo("format " + (EventCodec.FORMAT + 1)));
    }
    assertThat(EventCodec.decode(encoded)).isInstanceOf(Evict.class);
  }

  @Test
  void anUnknownKindIsRefusedByName() throws IOException {
    try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
      out.packArrayHeader(3);
      out.packInt(EventCodec.FORMAT);
      out.packInt(99);
      out.packArrayHeader(0);
      assertThatThrownBy(() -> EventCodec.decode(out.toByteArray()))
          .isInstanceOfSatisfying(
              UndecodableEventException.class,
              e -> assertThat(e.kind()).isEqualTo("event kind 99"));
    }
  }

  @Test
  void garbageTruncationAndBadValuesFailAsUndecodableWithoutTheirContent() {
    byte[] whole = EventCodec.encode(EventBusContract.everyKindOfEvent().getFirst());
    for (int length = 0; length < whole.length; length += Math.max(1, length / 4)) {
      byte[] cut = Arrays.copyOf(whole, length);
      assertThatThrownBy(() -> EventCodec.decode(cut))
          .isInstanceOf(UndecodableEventException.class);
    }
    byte[] secret = "secret text that must not be logged".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> EventCodec.decode(secret))
        .isInstanceOf(UndecodableEventException.class)
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> EventCodec.decode(null)).isInstanceOf(UndecodableEventException.class);
  }

  @Test
  void aBadValueInsideAKnownKindIsUndecodable() throws IOException {
    try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
      out.packArrayHeader(6);
      out.packInt(EventCodec.FORMAT);
      out.packInt(2);
      out.packArrayHeader(0);
      out.packLong(-5);
      out.packLong(1);
      out.packString("delivered");
      assertThatThrownBy(() -> EventCodec.decode(out.toByteArray()))
          .isInstanceOf(UndecodableEventException.class);
    }
  }
}
