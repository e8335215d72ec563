package chat.gateway.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Configures a {@link GatewayClient}. Only the URI and the token supplier are required; the rest
 * defaults to a 30 s heartbeat, a 60 s pong timeout, a 10 s connect timeout, a 30 s sync timeout,
 * auto-ack on, reconnecting with {@link ReconnectPolicy#defaults()}, the JDK's default trust for
 * {@code wss://}, and a listener that ignores everything. Not thread-safe; {@link #build()} may be
 * called more than once, each time for a new client.
 */
public final class GatewayClientBuilder {

  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final URI uri;
  private Supplier<String> token;
  private Optional<SSLContext> sslContext = Optional.empty();
  private Duration heartbeatInterval = Duration.ofSeconds(30);
  private Duration pongTimeout = Duration.ofSeconds(60);
  private Duration connectTimeout = Duration.ofSeconds(10);
  private Duration requestTimeout = Duration.ofSeconds(30);
  private boolean autoAckDelivered = true;
  private ReconnectPolicy reconnectPolicy = ReconnectPolicy.defaults();
  private boolean reconnect = true;
  private ClientListener listener = new ClientListener() {};
  private Optional<String> threadName = Optional.empty();
  private Optional<ClientResources> resources = Optional.empty();

  GatewayClientBuilder(URI uri) {
    this.uri = Objects.requireNonNull(uri, "uri");
  }

  /**
   * Where the token comes from; asked once per connection attempt, so it may refresh an expiring
   * one. Called on one of the client's I/O threads, so it may block briefly (e.g. to fetch a new
   * token). A supplier that throws, or a token the gateway refuses, ends the client's session: the
   * listener hears why, and the client does not try again with the same supplier.
   */
  public GatewayClientBuilder token(Supplier<String> supplier) {
    this.token = Objects.requireNonNull(supplier, "supplier");
    return this;
  }

  /** The TLS context for {@code wss://}, e.g. one trusting a development certificate. */
  public GatewayClientBuilder sslContext(SSLContext context) {
    this.sslContext = Optional.of(context);
    return this;
  }

  /**
   * Trusts the certificates in {@code file} (PEM, or a PKCS#12 {@code .p12}/{@code .pfx} opened
   * with {@code password}) instead of the JDK's default trust: for a gateway with a self-signed
   * development certificate. See {@link TrustStores#trusting(Path, char[])}.
   */
  public GatewayClientBuilder trustStore(Path file, char[] password) {
    return sslContext(TrustStores.trusting(file, password));
  }

  /** How often to Ping once connected (default 30 s); below the gateway's read timeout. */
  public GatewayClientBuilder heartbeatInterval(Duration interval) {
    this.heartbeatInterval = interval;
    return this;
  }

  /** How long without any frame before the connection counts as lost (default 60 s). */
  public GatewayClientBuilder pongTimeout(Duration timeout) {
    this.pongTimeout = timeout;
    return this;
  }

  /** How long opening the socket (TCP, TLS, upgrade) may take (default 10 s). */
  public GatewayClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = timeout;
    return this;
  }

  /**
   * How long a {@link GatewayClient#sync} page, including those of the catch-up after a reconnect,
   * may wait for its answer on a connection that is otherwise alive (default 30 s). Sends have no
   * such limit: they wait for their ack across connections.
   */
  public GatewayClientBuilder requestTimeout(Duration timeout) {
    this.requestTimeout = timeout;
    return this;
  }

  /** Whether messages to this user are acked {@code delivered} once the listener took them. */
  public GatewayClientBuilder autoAckDelivered(boolean on) {
    this.autoAckDelivered = on;
    return this;
  }

  /**
   * Whether the client reconnects by itself after losing its connection (default on): with the
   * {@linkplain #reconnectPolicy policy}'s backoff, re-authenticating, resending unacked messages
   * and catching up by sync. Off, a lost connection ends the client's session, as {@link
   * GatewayClient#close()} would, except that {@link GatewayClient#connect()} may start another.
   */
  public GatewayClientBuilder reconnect(boolean on) {
    this.reconnect = on;
    return this;
  }

  /** How long to wait between reconnect attempts; default {@link ReconnectPolicy#defaults()}. */
  public GatewayClientBuilder reconnectPolicy(ReconnectPolicy policy) {
    this.reconnectPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  public GatewayClientBuilder listener(ClientListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** The prefix of the client's thread names (default {@code gateway-client-N}). */
  public GatewayClientBuilder threadName(String prefix) {
    this.threadName = Optional.of(prefix);
    return this;
  }

  /**
   * Runs the client on shared threads and a shared HttpClient instead of its own: for many clients
   * in one process. The resources' TLS context applies; {@link #sslContext} must not be set too.
   */
  public GatewayClientBuilder resources(ClientResources shared) {
    this.resources = Optional.of(shared);
    return this;
  }

  /**
   * A new, unconnected client.
   *
   * @throws IllegalArgumentException when the URI is not ws:// or wss://, a duration is not
   *     positive, or shared resources are closed or come with a TLS context of the client's own
   * @throws NullPointerException when no token supplier was given
   */
  public GatewayClient build() {
    return new GatewayClient(
        new ClientSettings(
            uri,
            token,
            sslContext,
            heartbeatInterval,
            pongTimeout,
            connectTimeout,
            requestTimeout,
            autoAckDelivered,
            reconnect ? Optional.of(reconnectPolicy) : Optional.empty(),
            listener,
            threadName.orElseGet(() -> "gateway-client-" + CLIENTS.incrementAndGet()),
            resources));
  }
}
