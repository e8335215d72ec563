package chat.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * docker-compose.yml is checked in the build: against the Compose Specification's JSON schema and
 * for the cluster's topology everywhere, and by {@code docker compose config} itself where Docker's
 * compose plugin is installed. Each check is shown to refuse a broken copy of the file.
 */
class ComposeFileTest {

  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final Path COMPOSE = REPOSITORY.resolve("docker-compose.yml");
  // docker compose config needs the variables the file requires (${NAME:?...}).
  private static final String SECRET = "compose-file-test-secret-of-more-than-32-bytes";

  private static String text() throws IOException {
    return Files.readString(COMPOSE, StandardCharsets.UTF_8);
  }

  @Test
  void theComposeFileMatchesTheComposeSchema() throws IOException {
    assertThat(ComposeFile.parse(text()).schemaErrors()).isEmpty();
  }

  @Test
  void theComposeFileHasTheClusterTopology() throws IOException {
    assertThat(ComposeFile.parse(text()).topologyProblems()).isEmpty();
  }

  @Test
  void aKeyComposeDoesNotKnowIsRefused() throws IOException {
    String broken = replaceOnce(text(), "    image: redis:7\n", "    imag: redis:7\n");
    assertThat(ComposeFile.parse(broken).schemaErrors())
        .anySatisfy(error -> assertThat(error).contains("imag"));
  }

  @Test
  void aValueOfTheWrongTypeIsRefused() throws IOException {
    String broken = replaceOnce(text(), "      retries: 10\n", "      retries: often\n");
    assertThat(ComposeFile.parse(broken).schemaErrors())
        .anySatisfy(error -> assertThat(error).contains("retries"));
  }

  @Test
  void brokenYamlIsRefused() throws IOException {
    String broken = replaceOnce(text(), "services:\n", "services:\n  - [unclosed\n");
    assertThatThrownBy(() -> ComposeFile.parse(broken)).isInstanceOf(YAMLException.class);
  }

  @Test
  void twoInstancesWithOneIdAreRefused() throws IOException {
    String broken =
        replaceOnce(text(), "GATEWAY_INSTANCE_ID: gateway-2\n", "GATEWAY_INSTANCE_ID: gateway-1\n");
    assertThat(ComposeFile.parse(broken).topologyProblems())
        .anySatisfy(problem -> assertThat(problem).contains("GATEWAY_INSTANCE_ID gateway-1"));
  }

  @Test
  void anInstanceOnAnotherRedisIsRefused() throws IOException {
    String broken =
        replaceOnce(
            text(),
            "      GATEWAY_INSTANCE_ID: gateway-2\n",
            "      GATEWAY_INSTANCE_ID: gateway-2\n      GATEWAY_REDIS_URL: redis://elsewhere:6379\n");
    assertThat(ComposeFile.parse(broken).topologyProblems())
        .anySatisfy(problem -> assertThat(problem).contains("another GATEWAY_REDIS_URL"));
  }

  @Test
  void aSingleInstanceIsRefused() throws IOException {
    String broken =
        replaceOnce(
            text(),
            "      <<: *gateway-environment\n      GATEWAY_INSTANCE_ID: gateway-2\n",
            "      <<: *gateway-environment\n");
    List<String> problems = ComposeFile.parse(broken).topologyProblems();
    assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("gateway services"));
    assertThat(problems).anySatisfy(problem -> assertThat(problem).contains("haproxy's instances"));
  }

  @Test
  void haproxyInFrontOfOneInstanceOnlyIsRefused() throws IOException {
    String broken = replaceOnce(text(), "      CLUSTER_GATEWAY_2: gateway-2:8443\n", "");
    assertThat(ComposeFile.parse(broken).topologyProblems())
        .anySatisfy(problem -> assertThat(problem).contains("haproxy's instances"));
  }

  @Test
  void dockerComposeAcceptsTheFileAndRefusesABrokenOne(@TempDir Path dir) throws Exception {
    assumeTrue(
        run(REPOSITORY, "docker", "compose", "version") == 0,
        "no docker CLI with the compose plugin here: the schema and topology checks above stand in");
    assertThat(run(REPOSITORY, "docker", "compose", "-f", COMPOSE.toString(), "config", "-q"))
        .as("docker compose config -q on %s", COMPOSE)
        .isZero();
    Path broken = dir.resolve("docker-compose.yml");
    Files.writeString(broken, replaceOnce(text(), "    image: redis:7\n", "    imag: redis:7\n"));
    assertThat(run(dir, "docker", "compose", "-f", broken.toString(), "config", "-q")).isNotZero();
  }

  private static int run(Path directory, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("GATEWAY_JWT_SECRET", SECRET);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return -1; // no such program
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + String.join(" ", command));
    }
    return process.exitValue();
  }

  private static String replaceOnce(String text, String target, String replacement) {
    assertThat(text).as("the compose file contains %s", target).containsOnlyOnce(target);
    return text.replace(target, replacement);
  }
}
