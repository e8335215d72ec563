package chat.gateway.deploy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checks docker-compose.yml must pass: the Compose Specification's JSON schema (vendored,
 * {@code compose-spec.json}), read with YAML anchors and merge keys resolved as Compose resolves
 * them, and the cluster's topology: PostgreSQL, Redis and Kafka, at least two gateway instances
 * with distinct {@code GATEWAY_INSTANCE_ID}s all pointing at those same three and sharing one JWT
 * secret, and HAProxy in front of exactly those instances with the project's haproxy.cfg.
 */
final class ComposeFile {

  private static final String SCHEMA = "compose-spec.json";
  private static final List<String> SHARED =
      List.of(
          "GATEWAY_DB_URL", "GATEWAY_REDIS_URL", "GATEWAY_KAFKA_BOOTSTRAP", "GATEWAY_JWT_SECRET");
  private static final Schema COMPOSE_SCHEMA = loadSchema();

  private final Map<String, Object> root;

  private ComposeFile(Map<String, Object> root) {
    this.root = root;
  }

  /** Parses {@code text}; a YAML error (or a document that is no mapping) is thrown as such. */
  static ComposeFile parse(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Object document = new Yaml(new SafeConstructor(options)).load(text);
    if (!(document instanceof Map<?, ?> map)) {
      throw new YAMLException("a Compose file is a mapping, not " + describe(document));
    }
    return new ComposeFile(stringKeys(map));
  }

  /** What the Compose schema says is wrong (empty: valid). */
  List<String> schemaErrors() {
    JsonNode instance = JsonMapper.shared().valueToTree(root);
    List<String> errors = new ArrayList<>();
    for (Error error : COMPOSE_SCHEMA.validate(instance)) {
      errors.add(error.toString());
    }
    return errors;
  }

  /** What is wrong with the topology (empty: as the cluster needs it). */
  List<String> topologyProblems() {
    List<String> problems = new ArrayList<>();
    Map<String, Object> services = map(root.get("services"));
    for (String needed : List.of("postgres", "redis", "kafka", "haproxy")) {
      if (!services.containsKey(needed)) {
        problems.add("no service " + needed);
      }
    }
    Map<String, Map<String, String>> gateways = new LinkedHashMap<>();
    services.forEach(
        (name, service) -> {
          Map<String, String> environment = environment(map(service).get("environment"));
          if (environment.containsKey("GATEWAY_INSTANCE_ID")) {
            gateways.put(name, environment);
          }
        });
    if (gateways.size() < 2) {
      problems.add("gateway services (with GATEWAY_INSTANCE_ID): " + gateways.keySet());
    }
    Set<String> ids = new HashSet<>();
    gateways.forEach(
        (name, environment) -> {
          String id = environment.get("GATEWAY_INSTANCE_ID");
          if (id == null || id.isBlank() || !ids.add(id)) {
            problems.add(name + " has GATEWAY_INSTANCE_ID " + id + ", not one of its own");
          }
          if (!map(services.get(name)).containsKey("build")) {
            problems.add(name + " is not built from the Dockerfile (no build)");
          }
        });
    Map<String, String> first = gateways.values().stream().findFirst().orElse(Map.of());
    for (String setting : SHARED) {
      gateways.forEach(
          (name, environment) -> {
            if (environment.get(setting) == null) {
              problems.add(name + " lacks " + setting);
            } else if (!Objects.equals(environment.get(setting), first.get(setting))) {
              problems.add(name + " has another " + setting + ": " + environment.get(setting));
            }
          });
    }
    hostIs(first.get("GATEWAY_DB_URL"), "jdbc:postgresql://", "postgres", problems);
    hostIs(first.get("GATEWAY_REDIS_URL"), "redis://", "redis", problems);
    hostIs(first.get("GATEWAY_KAFKA_BOOTSTRAP"), "", "kafka", problems);
    haproxyProblems(map(services.get("haproxy")), gateways.keySet(), problems);
    return problems;
  }

  private static void haproxyProblems(
      Map<String, Object> haproxy, Set<String> gateways, List<String> problems) {
    if (haproxy.isEmpty()) {
      return;
    }
    Map<String, String> environment = environment(haproxy.get("environment"));
    Set<String> backends = new HashSet<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith("CLUSTER_GATEWAY_")) {
            backends.add(value.substring(0, Math.max(0, value.indexOf(':'))));
          }
        });
    if (!backends.equals(gateways)) {
      problems.add("haproxy's instances " + backends + " are not the gateways " + gateways);
    }
    if (list(haproxy.get("ports")).isEmpty()) {
      problems.add("haproxy publishes no port");
    }
    boolean config =
        list(haproxy.get("volumes")).stream()
            .map(String::valueOf)
            .anyMatch(volume -> volume.startsWith("./deploy/haproxy/haproxy.cfg:"));
    if (!config) {
      problems.add("haproxy does not mount ./deploy/haproxy/haproxy.cfg");
    }
  }

  private static void hostIs(String value, String prefix, String service, List<String> problems) {
    if (value == null) {
      return;
    }
    String rest = value.startsWith(prefix) ? value.substring(prefix.length()) : value;
    String host = rest.split("[:/]", 2)[0];
    if (!host.equals(service)) {
      problems.add(value + " does not point at the service " + service);
    }
  }

  /** A service's environment, given as a mapping or as a list of NAME=value. */
  private static Map<String, String> environment(Object value) {
    Map<String, String> environment = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> environment.put(String.valueOf(k), v == null ? null : v.toString()));
    } else {
      for (Object entry : list(value)) {
        String text = String.valueOf(entry);
        int at = text.indexOf('=');
        environment.put(
            at < 0 ? text : text.substring(0, at), at < 0 ? null : text.substring(at + 1));
      }
    }
    return environment;
  }

  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> map ? stringKeys(map) : Map.of();
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> list ? list : List.of();
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> result = new LinkedHashMap<>();
    map.forEach((k, v) -> result.put(String.valueOf(k), v));
    return result;
  }

  private static String describe(Object document) {
    return document == null ? "an empty document" : document.getClass().getSimpleName();
  }

  private static Schema loadSchema() {
    try (InputStream in = ComposeFile.class.getResourceAsStream(SCHEMA)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA + " is missing from the test resources");
      }
      // The schema still carries draft-04 "id"s, which 2019-09 does not know: mere annotations.
      Dialect dialect =
          Dialect.builder(Dialects.getDraft201909()).keyword(new AnnotationKeyword("id")).build();
      return SchemaRegistry.withDefaultDialect(dialect).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
