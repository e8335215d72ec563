package chat.gateway.adapters.admin;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.1 document the admin port serves, read as the contract its answers are checked
 * against: which responses each operation declares, and the JSON Schema (2020-12, as OpenAPI 3.1
 * uses) of each body, with its {@code #/components/...} references resolved against the document.
 */
final class OpenApiDocument {

  /** One documented response: an operation's path template, method (lower case) and status. */
  record Response(String path, String method, int status) {}

  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private final JsonNode root;

  private OpenApiDocument(JsonNode root) {
    this.root = root;
  }

  static OpenApiDocument parse(String json) {
    return new OpenApiDocument(JsonMapper.shared().readTree(json));
  }

  /** The path templates, e.g. {@code /admin/users/{id}}. */
  Set<String> paths() {
    return new LinkedHashSet<>(root.get("paths").propertyNames());
  }

  /** Every response every operation declares. */
  Set<Response> responses() {
    Set<Response> all = new LinkedHashSet<>();
    root.get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        operation ->
                            operation
                                .getValue()
                                .get("responses")
                                .propertyNames()
                                .forEach(
                                    status ->
                                        all.add(
                                            new Response(
                                                path.getKey(),
                                                operation.getKey(),
                                                Integer.parseInt(status))))));
    return all;
  }

  /** The documented path template that {@code path} (a request path) matches, if any. */
  Optional<String> template(String path) {
    return paths().stream()
        .filter(t -> Pattern.matches(t.replaceAll("\\{[^/}]+}", "[^/]+"), path))
        .findFirst();
  }

  /** The JSON schema of the body of {@code response}; absent when the document lacks it. */
  Optional<Schema> schemaOf(Response response) {
    JsonNode declared =
        root.path("paths")
            .path(response.path())
            .path(response.method().toLowerCase(Locale.ROOT))
            .path("responses")
            .path(Integer.toString(response.status()));
    return jsonSchema(resolve(declared).path("content").path("application/json").path("schema"));
  }

  /** The JSON schema of the request body of {@code path}'s {@code method}. */
  Optional<Schema> requestSchemaOf(String path, String method) {
    return jsonSchema(
        root.path("paths")
            .path(path)
            .path(method)
            .path("requestBody")
            .path("content")
            .path("application/json")
            .path("schema"));
  }

  /** The schema named {@code name} under {@code #/components/schemas}. */
  Schema component(String name) {
    return jsonSchema(root.path("components").path("schemas").path(name)).orElseThrow();
  }

  /** What is wrong with {@code json} by {@code schema}, date-times included (empty: valid). */
  static List<String> problems(Schema schema, String json) {
    return schema
        .validate(
            json,
            InputFormat.JSON,
            context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)))
        .stream()
        .map(Error::toString)
        .toList();
  }

  private Optional<Schema> jsonSchema(JsonNode schema) {
    if (!schema.isObject()) {
      return Optional.empty();
    }
    // The schema as the root of a document that also holds the components its $refs point to.
    ObjectNode document = ((ObjectNode) schema).deepCopy();
    document.put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId());
    document.set("components", root.get("components"));
    return Optional.of(SCHEMAS.getSchema(document));
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode ref = node.path("$ref");
    return ref.isString() ? root.at(ref.asString().substring(1)) : node;
  }
}
