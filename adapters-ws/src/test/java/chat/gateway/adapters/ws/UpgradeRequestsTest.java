package chat.gateway.adapters.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;

class UpgradeRequestsTest {

  @Test
  void releasingAnUpgradeDropsItsHeadersAndItsMark() throws Exception {
    HttpServerExchange exchange = new HttpServerExchange(null);
    exchange.getRequestHeaders().put(Headers.HOST, "localhost:8443");
    exchange.getRequestHeaders().put(Headers.SEC_WEB_SOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ==");
    exchange.getResponseHeaders().put(Headers.UPGRADE, "websocket");
    HttpServerExchange[] seen = new HttpServerExchange[1];
    UpgradeRequests.remember(e -> seen[0] = e.getAttachment(UpgradeRequests.EXCHANGE))
        .handleRequest(exchange);

    UpgradeRequests.release(exchange);

    assertThat(seen[0]).isSameAs(exchange);
    assertThat(exchange.getRequestHeaders().size()).isZero();
    assertThat(exchange.getResponseHeaders().size()).isZero();
    assertThat(exchange.getAttachment(UpgradeRequests.EXCHANGE)).isNull();
  }
}
