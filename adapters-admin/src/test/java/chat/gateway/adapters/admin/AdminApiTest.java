package chat.gateway.adapters.admin;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.adapters.admin.OpenApiDocument.Response;
import chat.gateway.application.port.in.DisconnectCommand;
import chat.gateway.application.port.in.OnlineQuery;
import chat.gateway.application.port.out.ClusterStateUnavailableException;
import chat.gateway.domain.ConnectionId;
import com.networknt.schema.Schema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin API over HTTP, against its OpenAPI document: every endpoint's answers (happy, bad
 * input, no token, unknown, wrong method, failing use case) have the status the document declares
 * for that operation and a body valid by the schema it names there, every declared response is
 * seen, and the document and the server's routes name the same paths.
 */
class AdminApiTest {

  private static final String TOKEN = "admin-api-test-token-of-32-bytes-or-more";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final RuntimeException CLUSTER_DOWN =
      new ClusterStateUnavailableException("redis is gone", new RuntimeException("refused"));
  private static final RuntimeException BROKEN = new IllegalStateException("a bug");

  private static FakeAdminUseCases useCases;
  private static AdminServer on;
  private static AdminServer off;
  private static OpenApiDocument document;

  @BeforeAll
  static void start() {
    useCases = new FakeAdminUseCases();
    on = server(Optional.of(AdminToken.of(TOKEN)));
    off = server(Optional.empty());
    document = OpenApiDocument.parse(AdminServer.OpenApi.DOCUMENT);
  }

  @AfterAll
  static void stop() {
    on.close();
    off.close();
  }

  /** A request and the status it must get; by default with the token, the use cases answering. */
  private record Case(
      String method,
      String path,
      Optional<String> body,
      boolean token,
      boolean adminOn,
      Optional<RuntimeException> failure,
      int status) {

    static Case of(String method, String path, int status) {
      return new Case(method, path, Optional.empty(), true, true, Optional.empty(), status);
    }

    static Case post(String path, String body, int status) {
      return new Case("POST", path, Optional.of(body), true, true, Optional.empty(), status);
    }

    Case withoutToken() {
      return new Case(method, path, body, false, adminOn, failure, 401);
    }

    Case adminOff() {
      return new Case(method, path, body, true, false, failure, 503);
    }

    Case failing(RuntimeException e, int expected) {
      return new Case(method, path, body, token, adminOn, Optional.of(e), expected);
    }

    /** The same request when no token, no admin API, a broken or unreachable cluster state. */
    List<Case> refusals() {
      return List.of(withoutToken(), adminOff(), failing(BROKEN, 500), failing(CLUSTER_DOWN, 503));
    }
  }

  private static final String BAN = "{\"reconnect\": false}";

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    cases.add(Case.of("GET", "/metrics", 200));
    cases.add(Case.of("GET", "/admin/openapi.json", 200));
    cases.add(Case.of("GET", "/admin/openapi.json", 200).withoutToken());
    cases.add(Case.of("GET", "/admin/openapi.json", 200).adminOff());
    cases.add(Case.of("POST", "/admin/openapi.json", 405));

    cases.add(Case.of("GET", "/admin/online", 200));
    cases.add(Case.of("GET", "/admin/online?cursor=7&limit=1", 200));
    cases.addAll(Case.of("GET", "/admin/online", 200).refusals());
    for (String bad : List.of("limit=abc", "limit=0", "limit=1001", "limit=", "cursor=zz")) {
      cases.add(Case.of("GET", "/admin/online?" + bad, 400));
    }
    cases.add(Case.of("POST", "/admin/online", 405));

    cases.add(Case.of("GET", "/admin/users/7", 200));
    cases.add(Case.of("GET", "/admin/users/99", 200));
    cases.addAll(Case.of("GET", "/admin/users/7", 200).refusals());
    for (String bad : List.of("abc", "0", "-1", "99999999999999999999")) {
      cases.add(Case.of("GET", "/admin/users/" + bad, 400));
    }
    cases.add(Case.of("DELETE", "/admin/users/7", 405));
    cases.add(Case.of("GET", "/admin/users/", 404));
    cases.add(Case.of("GET", "/admin/users/7/", 404));
    cases.add(Case.of("GET", "/admin/users/7/sessions", 404));
    cases.add(Case.of("POST", "/admin/users/7/disconnect/now", 404));

    String disconnect = "/admin/users/7/disconnect";
    cases.add(Case.post(disconnect, BAN, 200));
    cases.add(Case.post(disconnect, "{\"reconnect\": true, \"session\": \"c-7b\"}", 200));
    cases.add(Case.post(disconnect, "{\"reconnect\": true, \"session\": null}", 200));
    cases.addAll(Case.post(disconnect, BAN, 200).refusals());
    for (String bad : badDisconnectBodies()) {
      cases.add(Case.post(disconnect, bad, 400));
    }
    cases.add(Case.post("/admin/users/x/disconnect", BAN, 400));
    cases.add(Case.post("/admin/users/99/disconnect", BAN, 404));
    cases.add(Case.post(disconnect, "{\"reconnect\": false, \"session\": \"c-8a\"}", 404));
    cases.add(Case.of("GET", disconnect, 405));

    cases.add(Case.of("GET", "/admin/instances", 200));
    cases.addAll(Case.of("GET", "/admin/instances", 200).refusals());
    cases.add(Case.of("POST", "/admin/instances", 405));

    // In this order: not draining, then the drain starts, then it is under way.
    cases.add(Case.of("GET", "/admin/drain", 200));
    cases.add(Case.of("POST", "/admin/drain", 202));
    cases.add(Case.of("GET", "/admin/drain", 200));
    cases.add(Case.of("POST", "/admin/drain", 202));
    for (String method : List.of("GET", "POST")) {
      cases.add(Case.of(method, "/admin/drain", 200).withoutToken());
      cases.add(Case.of(method, "/admin/drain", 200).adminOff());
      cases.add(Case.of(method, "/admin/drain", 200).failing(BROKEN, 500));
    }
    cases.add(Case.of("PUT", "/admin/drain", 405));

    cases.add(Case.of("GET", "/admin/nothing", 404));
    cases.add(Case.of("GET", "/admin", 404));
    return cases;
  }

  private static List<String> badDisconnectBodies() {
    return List.of(
        "",
        "not json",
        "[]",
        "{}",
        "{\"reconnect\": \"yes\"}",
        "{\"reconnect\": null}",
        "{\"reconnect\": false, \"sesion\": \"c-7a\"}",
        "{\"reconnect\": false, \"session\": 5}",
        "{\"reconnect\": false, \"session\": \"\"}",
        "{\"reconnect\": false} {\"reconnect\": true}",
        "{\"reconnect\": true, \"reconnect\": false}",
        "{\"reconnect\": false}" + " ".repeat(AdminJson.MAX_BODY_BYTES),
        "{\"reconnect\": false}" + " ".repeat(100_000));
  }

  @Test
  void everyAnswerIsOneTheDocumentDeclaresWithABodyValidByItsSchema() throws Exception {
    Set<Response> seen = new HashSet<>();
    for (Case c : cases()) {
      useCases.failWith(c.failure());
      useCases.calls.clear();
      HttpResponse<String> answer;
      try {
        answer = send(c);
      } finally {
        useCases.failWith(Optional.empty());
      }
      String what = c.method() + " " + c.path() + " " + c.body().orElse("");
      assertThat(answer.statusCode()).as(what).isEqualTo(c.status());
      Optional<String> template = document.template(c.path().replaceFirst("\\?.*", ""));
      Response declared =
          new Response(template.orElse("?"), c.method().toLowerCase(Locale.ROOT), c.status());
      if (document.responses().contains(declared)) {
        seen.add(declared);
        if (!c.path().equals("/metrics")) {
          assertThat(answer.headers().firstValue("Content-Type"))
              .as(what)
              .contains("application/json");
          assertThat(
                  OpenApiDocument.problems(
                      document.schemaOf(declared).orElseThrow(), answer.body()))
              .as("%s answered %s", what, answer.body())
              .isEmpty();
        }
      } else {
        // Not an operation's answer: an unknown path or method, described once for all.
        assertThat(c.status()).as(what + ": undeclared").isIn(404, 405);
        assertThat(c.status() == 404).as(what).isEqualTo(template.isEmpty());
        assertThat(OpenApiDocument.problems(document.component("Error"), answer.body()))
            .as(what)
            .isEmpty();
        if (c.status() == 405) {
          assertThat(answer.headers().firstValue("Allow")).as(what).contains(allowed(template));
        }
      }
      if (c.status() == 401 || !document.responses().contains(declared)) {
        assertThat(useCases.calls).as("%s reaches no use case", what).isEmpty();
      }
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(document.responses());
  }

  @Test
  void theDocumentNamesExactlyThePathsTheServerRoutes() {
    Set<String> routes = new AdminApi(useCases, useCases).register(AdminServer.builder()).paths();
    Set<String> documented = document.paths();

    for (String route : routes) {
      if (route.endsWith("/")) {
        assertThat(documented).as(route).anyMatch(path -> path.startsWith(route));
      } else {
        assertThat(documented).as(route).contains(route);
      }
    }
    for (String path : documented) {
      assertThat(routes)
          .as(path)
          .anyMatch(route -> route.equals(path) || route.endsWith("/") && path.startsWith(route));
    }
  }

  @Test
  void theDisconnectSchemaAcceptsExactlyTheBodiesTheServerTakes() {
    Schema schema = document.requestSchemaOf("/admin/users/{id}/disconnect", "post").orElseThrow();
    for (String good :
        List.of(
            BAN,
            "{\"reconnect\": true, \"session\": \"c-7b\"}",
            "{\"reconnect\": true, \"session\": null}")) {
      assertThat(OpenApiDocument.problems(schema, good)).as(good).isEmpty();
    }
    for (String bad : badDisconnectBodies().subList(2, 9)) {
      assertThat(OpenApiDocument.problems(schema, bad)).as(bad).isNotEmpty();
    }
  }

  @Test
  void aDisconnectHandsTheUseCaseWhatTheBodySaysAndAnswersTheCloseCode() throws Exception {
    useCases.calls.clear();
    HttpResponse<String> ban = send(Case.post("/admin/users/7/disconnect", BAN, 200));
    HttpResponse<String> move =
        send(
            Case.post(
                "/admin/users/7/disconnect", "{\"reconnect\": true, \"session\": \"c-7b\"}", 200));

    assertThat(useCases.calls)
        .containsExactly(
            new DisconnectCommand(FakeAdminUseCases.ALICE, Optional.empty(), false),
            new DisconnectCommand(
                FakeAdminUseCases.ALICE, Optional.of(new ConnectionId("c-7b")), true));
    assertThat(ban.body()).isEqualTo("{\"sessions\":2,\"close_code\":4403}");
    assertThat(move.body()).isEqualTo("{\"sessions\":1,\"close_code\":1001}");
  }

  @Test
  void aMisspeltFieldIsRefusedRatherThanDisconnectingEverySession() throws Exception {
    useCases.calls.clear();
    HttpResponse<String> answer =
        send(
            Case.post(
                "/admin/users/7/disconnect", "{\"reconnect\": false, \"sesion\": \"c-7a\"}", 400));

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("bad_request").contains("unknown field \\\"sesion\\\"");
    assertThat(useCases.calls).isEmpty();
  }

  @Test
  void aDisconnectOfNobodyIs404SayingSo() throws Exception {
    HttpResponse<String> answer = send(Case.post("/admin/users/99/disconnect", BAN, 404));

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(answer.body())
        .isEqualTo("{\"error\":\"not_connected\",\"message\":\"user 99 has no session\"}");
  }

  @Test
  void onlinePagesPassTheCursorAndLimitWithAHundredByDefault() throws Exception {
    useCases.calls.clear();
    HttpResponse<String> first = send(Case.of("GET", "/admin/online", 200));
    HttpResponse<String> second = send(Case.of("GET", "/admin/online?cursor=7&limit=5", 200));

    assertThat(useCases.calls)
        .containsExactly(new OnlineQuery("", OnlineQuery.DEFAULT_LIMIT), new OnlineQuery("7", 5));
    assertThat(first.body())
        .contains("\"user\":7,\"presence\":\"online\"")
        .contains(
            "{\"session\":\"c-7a\",\"instance\":\"gw-1\",\"remote_address\":\"10.0.0.1:51000\","
                + "\"user_agent\":\"phone/1.0\",\"connected_since\":\"2026-12-02T10:15:30.123Z\"}")
        .endsWith("\"next\":\"7\"}");
    assertThat(second.body()).contains("\"presence\":\"away\"").endsWith("\"next\":\"\"}");
  }

  private static String allowed(Optional<String> template) {
    return template
        .map(
            t ->
                document.responses().stream()
                    .filter(r -> r.path().equals(t))
                    .map(r -> r.method().toUpperCase(Locale.ROOT))
                    .distinct()
                    .sorted()
                    .collect(Collectors.joining(", ")))
        .orElse("");
  }

  private static AdminServer server(Optional<AdminToken> token) {
    AdminServer.Builder builder =
        AdminServer.builder().port(0).token(token).metrics(() -> "# the scrape\n");
    return new AdminApi(useCases, useCases).register(builder).start();
  }

  private static HttpResponse<String> send(Case c) throws Exception {
    AdminServer server = c.adminOn() ? on : off;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + c.path()))
            .timeout(Duration.ofSeconds(10))
            .method(
                c.method(),
                c.body()
                    .map(HttpRequest.BodyPublishers::ofString)
                    .orElse(HttpRequest.BodyPublishers.noBody()));
    if (c.token()) {
      request.header("Authorization", "Bearer " + TOKEN);
    }
    c.body().ifPresent(b -> request.header("Content-Type", "application/json"));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
