package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.gateway.client.ClientListener;
import chat.gateway.client.GatewayClient;
import chat.gateway.domain.Message;
import chat.gateway.domain.MessageId;
import chat.gateway.domain.UserId;
import chat.gateway.domain.protocol.ServerPayload.ChatAck;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client library example of README.md: it is compiled here, run against a real gateway, and the
 * README must show it exactly as it is written between the markers below.
 */
class ReadmeExampleIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String START_MARKER = "// README example: start";
  private static final String END_MARKER = "// README example: end";
  // Relative to the bootstrap module, the working directory of Failsafe.
  private static final Path README = Path.of("..", "README.md");
  private static final Path SOURCE =
      Path.of("src", "test", "java", "chat", "gateway", "bootstrap", "e2e", "ReadmeExampleIT.java");

  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFixture.start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  // README example: start
  static MessageId sendHello(URI gateway, Supplier<String> token, long to) {
    AtomicReference<GatewayClient> holder = new AtomicReference<>();
    ClientListener listener =
        new ClientListener() {
          @Override // runs on the client's event thread: must not block
          public void onMessage(Message message) {
            System.out.printf("#%s from %s: %s%n", message.id(), message.from(), message.content());
            GatewayClient client = holder.get();
            // Our messages from other devices arrive too; only those to us can be marked read.
            if (client.user().equals(Optional.of(message.to()))) {
              client.markRead(message.id());
            }
          }
        };
    // The supplier is asked for a token at every (re)connection, so it may hand out fresh ones.
    try (GatewayClient client =
        GatewayClient.builder(gateway).token(token).listener(listener).build()) {
      holder.set(client);
      UserId me = client.connect().orTimeout(30, TimeUnit.SECONDS).join();
      ChatAck ack = client.send(to, "text", "hello from " + me).join(); // stored by the gateway
      System.out.println("sent #" + ack.messageId() + " at " + ack.createdAt());
      return ack.messageId();
    }
  }

  // README example: end

  @Test
  void theExampleSendsAMessageThatReachesTheRecipient() throws Exception {
    long alice = 70_001;
    long bob = 70_002;
    RecordingListener b = new RecordingListener();
    try (GatewayClient bobClient =
        GatewayClient.builder(gateway.uri()).token(() -> gateway.token(bob)).listener(b).build()) {
      assertThat(bobClient.connect().get(10, TimeUnit.SECONDS)).isEqualTo(UserId.of(bob));

      MessageId sent =
          assertTimeoutPreemptively(
              Duration.ofSeconds(40),
              () -> sendHello(gateway.uri(), () -> gateway.token(alice), bob));

      await().atMost(WAIT).until(() -> b.messageIds().contains(sent));
      assertThat(b.messages).hasSize(1);
      Message received = b.messages.getFirst();
      assertThat(received.from()).isEqualTo(UserId.of(alice));
      assertThat(received.to()).isEqualTo(UserId.of(bob));
      assertThat(received.content()).isEqualTo("hello from " + alice);
      assertThat(b.errors).isEmpty();
    }
  }

  @Test
  void theReadmeShowsTheExampleExactlyAsCompiledHere() throws IOException {
    List<String> example = example(Files.readAllLines(SOURCE));
    List<List<String>> blocks = javaBlocks(Files.readAllLines(README));

    assertThat(example).as("the example between the markers in %s", SOURCE).isNotEmpty();
    // A message supplier, not a format: the example may contain % and must show as it is.
    assertTrue(
        blocks.contains(example),
        () ->
            README.toAbsolutePath().normalize()
                + " has no ```java block equal to the example compiled in "
                + SOURCE
                + ". Copy the lines between '"
                + START_MARKER
                + "' and '"
                + END_MARKER
                + "' from that file, without their common indentation, into the README's ```java"
                + " block:\n"
                + String.join("\n", example));
  }

  /**
   * The lines between the markers, without blank lines at either end and without their common
   * leading indentation.
   */
  private static List<String> example(List<String> source) {
    List<String> trimmed = source.stream().map(String::strip).toList();
    int start = trimmed.indexOf(START_MARKER);
    int end = trimmed.indexOf(END_MARKER);
    assertThat(start).as("line '%s' in %s", START_MARKER, SOURCE).isNotNegative();
    assertThat(end)
        .as("line '%s' after the start marker in %s", END_MARKER, SOURCE)
        .isGreaterThan(start);
    assertThat(trimmed.lastIndexOf(START_MARKER)).as("one start marker").isEqualTo(start);
    assertThat(trimmed.lastIndexOf(END_MARKER)).as("one end marker").isEqualTo(end);
    List<String> lines = new ArrayList<>(source.subList(start + 1, end));
    // The formatter keeps a blank line before the end marker; it is not part of the example.
    while (!lines.isEmpty() && lines.getFirst().isBlank()) {
      lines.removeFirst();
    }
    while (!lines.isEmpty() && lines.getLast().isBlank()) {
      lines.removeLast();
    }
    int indent =
        lines.stream()
            .filter(line -> !line.isBlank())
            .mapToInt(line -> line.length() - line.stripLeading().length())
            .min()
            .orElse(0);
    return lines.stream().map(line -> line.isBlank() ? "" : line.substring(indent)).toList();
  }

  /** The contents of every fenced block opened with ```java. */
  private static List<List<String>> javaBlocks(List<String> markdown) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> block = null;
    for (String line : markdown) {
      if (block == null && line.strip().equals("```java")) {
        block = new ArrayList<>();
      } else if (block != null && line.strip().equals("```")) {
        blocks.add(block);
        block = null;
      } else if (block != null) {
        block.add(line);
      }
    }
    return blocks;
  }
}
