package chat.gateway.testsupport.kafka;

import chat.gateway.testsupport.engine.BackedEngine;
import chat.gateway.testsupport.engine.Docker;
import chat.gateway.testsupport.engine.EngineSource;
import chat.gateway.testsupport.engine.SharedEngine;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The one real Kafka broker of this JVM's integration tests, started on first use and ended when
 * the JVM exits. Chosen in this order:
 *
 * <ol>
 *   <li>{@value #BOOTSTRAP_VARIABLE} names an existing broker ({@code host:port[,...]}); the tests
 *       create topics in it, delete the ones made through {@link #createTopic} at exit, and never
 *       stop it;
 *   <li>otherwise, when a Docker engine answers, a Testcontainers container ({@value
 *       ContainerBroker#IMAGE}, KRaft);
 *   <li>otherwise a KRaft broker (one node, broker and controller combined) from the {@code
 *       org.apache.kafka:kafka_2.13} jars, run as a child JVM.
 * </ol>
 *
 * <p>Tests share the broker and isolate themselves by topic names: each test (or test class) takes
 * a fresh prefix from {@link #newTopicPrefix()} and names every topic (and consumer group) it uses
 * with it. The broker can be stopped and started again on the same port with the same log directory
 * ({@link #stop()}, {@link #start()}) unless it is an existing broker.
 */
public final class KafkaBroker extends BackedEngine<KafkaBackend> {

  /** {@code host:port[,host:port...]} of an existing broker to use. */
  public static final String BOOTSTRAP_VARIABLE = "GATEWAY_TEST_KAFKA_BOOTSTRAP";

  private static final System.Logger LOG = System.getLogger(KafkaBroker.class.getName());
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static final long ADMIN_TIMEOUT_SECONDS = 30;
  private static final SharedEngine<KafkaBroker> SHARED =
      new SharedEngine<>("test-kafka-shutdown", () -> new KafkaBroker(startBackend()));

  private final List<String> createdTopics = new CopyOnWriteArrayList<>();

  private KafkaBroker(KafkaBackend backend) {
    super("Kafka", backend);
  }

  /** The broker of this JVM, started on the first call. */
  public static KafkaBroker shared() {
    return SHARED.get();
  }

  private static KafkaBackend startBackend() {
    return started(
        "Kafka",
        () -> {
          Optional<String> bootstrap = environment(BOOTSTRAP_VARIABLE);
          if (bootstrap.isPresent()) {
            LOG.log(
                Level.INFO, "Test Kafka: using the existing broker named by " + BOOTSTRAP_VARIABLE);
            KafkaBackend existing = new ExistingBroker(bootstrap.get());
            Readiness.await(existing.bootstrapServers(), () -> null);
            return existing;
          }
          if (Docker.available()) {
            LOG.log(Level.INFO, "Test Kafka: starting a container " + ContainerBroker.IMAGE);
            return new ContainerBroker();
          }
          LOG.log(
              Level.INFO,
              "Test Kafka: no "
                  + BOOTSTRAP_VARIABLE
                  + " and no Docker engine; starting a KRaft broker from the kafka_2.13 jars"
                  + " as a child JVM");
          return new ChildProcessBroker();
        });
  }

  /** {@code bootstrap.servers} for clients of this broker. */
  public String bootstrapServers() {
    return backend().bootstrapServers();
  }

  /**
   * A prefix no other test of this JVM (nor, with high probability, of another run against the same
   * existing broker) uses, such as {@code test-3-k2x9f1.}: name topics and consumer groups with it.
   */
  public String newTopicPrefix() {
    return "test-"
        + PREFIXES.incrementAndGet()
        + "-"
        + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36)
        + ".";
  }

  /**
   * Creates a topic (replication factor 1) and returns once the broker has it. Topics created this
   * way in an existing broker are deleted when the JVM exits.
   */
  public void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not create topic " + name + " on " + describe(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
    createdTopics.add(name);
    LOG.log(Level.DEBUG, "created topic " + name + " with " + partitions + " partitions");
  }

  /** An Admin client of this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(Readiness.adminSettings(bootstrapServers()));
  }

  /** The settings every client of this broker needs ({@code bootstrap.servers}). */
  public Map<String, Object> clientSettings() {
    return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
  }

  @Override
  protected void destroy() {
    if (source() == EngineSource.EXISTING_SERVER && !createdTopics.isEmpty()) {
      deleteTopics();
    }
    super.destroy();
  }

  private void deleteTopics() {
    try (Admin admin = admin()) {
      admin.deleteTopics(createdTopics).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.log(Level.WARNING, "could not delete the test topics " + createdTopics + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
