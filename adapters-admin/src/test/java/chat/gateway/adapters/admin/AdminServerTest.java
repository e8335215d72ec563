package chat.gateway.adapters.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.util.StatusCodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The internal port: metrics without a token, everything under /admin/ behind it. */
class AdminServerTest {

  private static final String TOKEN = "admin-server-test-token-of-32-bytes-or-more";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void metricsNeedNoTokenAndAreServedInThePrometheusTextFormat() throws Exception {
    try (AdminServer server = start(Optional.of(AdminToken.of(TOKEN)))) {
      HttpResponse<String> response = get(server, "/metrics", null);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .contains(AdminServer.PROMETHEUS_TEXT);
      assertThat(response.body()).isEqualTo("# the scrape\n");
      assertThat(post(server, "/metrics").statusCode()).isEqualTo(405);
    }
  }

  @Test
  void withoutATokenConfiguredEveryAdminPathSaysTheApiIsOffAndHowToTurnItOn() throws Exception {
    try (AdminServer server = start(Optional.empty())) {
      for (String path : new String[] {"/admin/openapi.json", "/admin/anything", "/admin"}) {
        HttpResponse<String> response = get(server, path, "Bearer " + TOKEN);
        assertThat(response.statusCode()).as(path).isEqualTo(503);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo("admin_api_off");
        assertThat(body.get("message").asText()).contains("set GATEWAY_ADMIN_TOKEN");
      }
      assertThat(server.adminOn()).isFalse();
    }
  }

  @Test
  void aMissingOrWrongTokenGets401AndTheRightOneGetsThrough() throws Exception {
    try (AdminServer server = start(Optional.of(AdminToken.of(TOKEN)))) {
      for (String header :
          new String[] {
            null, "Bearer", "Bearer " + TOKEN + "x", "Basic " + TOKEN, TOKEN, "Bearer " + "y"
          }) {
        HttpResponse<String> response = get(server, "/admin/openapi.json", header);
        assertThat(response.statusCode()).as("Authorization: %s", header).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
            .contains("Bearer realm=\"gateway admin\"");
        assertThat(json(response).get("error").asText()).isEqualTo("unauthorized");
        assertThat(response.body()).doesNotContain(TOKEN);
      }
      assertThat(get(server, "/admin/openapi.json", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
      assertThat(get(server, "/admin/openapi.json", "bearer  " + TOKEN + " ").statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void anAdminRouteIsServedOnlyBehindTheToken() throws Exception {
    try (AdminServer server =
        AdminServer.builder()
            .port(0)
            .token(Optional.of(AdminToken.of(TOKEN)))
            .admin(
                "/admin/echo",
                exchange -> AdminServer.json(exchange, StatusCodes.OK, "{\"echo\":true}"))
            .start()) {
      assertThat(get(server, "/admin/echo", null).statusCode()).isEqualTo(401);
      HttpResponse<String> echoed = get(server, "/admin/echo", "Bearer " + TOKEN);
      assertThat(echoed.statusCode()).isEqualTo(200);
      assertThat(json(echoed).get("echo").asBoolean()).isTrue();
      assertThat(get(server, "/admin/missing", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
      assertThat(get(server, "/elsewhere", null).statusCode()).isEqualTo(404);
    }
    assertThatThrownBy(() -> AdminServer.builder().admin("/metrics2", exchange -> {}))
        .hasMessageContaining("/admin/");
  }

  @Test
  void theOpenApiDocumentIsServedAndDescribesThePortsOwnPaths() throws Exception {
    try (AdminServer server = start(Optional.of(AdminToken.of(TOKEN)))) {
      JsonNode document = json(get(server, "/admin/openapi.json", "Bearer " + TOKEN));

      assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
      // That it names exactly the paths served, with the admin API's: AdminApiTest.
      assertThat(document.get("paths").properties())
          .extracting(java.util.Map.Entry::getKey)
          .contains("/metrics", "/admin/openapi.json");
      assertThat(document.get("paths").get("/metrics").get("get").get("security")).isEmpty();
      assertThat(document.at("/components/securitySchemes/bearer/scheme").asText())
          .isEqualTo("bearer");
    }
  }

  @Test
  void aPortThatIsTakenFailsTheStartNamingTheSettings() {
    try (AdminServer first = start(Optional.empty())) {
      assertThatThrownBy(() -> AdminServer.builder().port(first.port()).start())
          .hasMessageContaining("GATEWAY_ADMIN_PORT");
    }
  }

  private static AdminServer start(Optional<AdminToken> token) {
    return AdminServer.builder().port(0).token(token).metrics(() -> "# the scrape\n").start();
  }

  private static HttpResponse<String> get(AdminServer server, String path, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(5));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(AdminServer server, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    return new ObjectMapper().readTree(response.body());
  }
}
