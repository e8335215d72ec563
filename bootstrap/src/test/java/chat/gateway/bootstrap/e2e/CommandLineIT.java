package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.adapters.auth.JwtSettings;
import chat.gateway.adapters.auth.JwtTokenVerifier;
import chat.gateway.application.port.out.TokenVerification;
import chat.gateway.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar's commands, run as processes: what a user types. */
class CommandLineIT {

  private static final Path JAR = Path.of(System.getProperty("gateway.jar", "target/gateway.jar"));

  @Test
  void tokenPrintsATokenForTheSharedSecret() throws Exception {
    Result result =
        run(Map.of("GATEWAY_JWT_SECRET", GatewayFixture.SECRET), "token", "--user", "42");
    assertThat(result.exit()).isZero();
    TokenVerification verification =
        new JwtTokenVerifier(JwtSettings.sharedSecret(GatewayFixture.SECRET)).verify(result.out());
    assertThat(verification).isEqualTo(new TokenVerification.Verified(UserId.of(42)));
  }

  @Test
  void tokenWithoutASecretCreatesTheDevelopmentSecretOnceAndReusesIt(@TempDir Path dir)
      throws Exception {
    Path secret = dir.resolve("nested").resolve("dev-secret");
    Map<String, String> env = Map.of("GATEWAY_DEV_SECRET_FILE", secret.toString());
    Result first = run(env, "token", "--user", "7");
    Result second = run(env, "token", "--user", "8", "--ttl", "5m");
    assertThat(first.exit()).isZero();
    assertThat(second.exit()).isZero();
    JwtTokenVerifier verifier =
        new JwtTokenVerifier(JwtSettings.sharedSecret(Files.readString(secret).strip()));
    assertThat(verifier.verify(first.out()))
        .isEqualTo(new TokenVerification.Verified(UserId.of(7)));
    assertThat(verifier.verify(second.out()))
        .isEqualTo(new TokenVerification.Verified(UserId.of(8)));
    assertThat(Files.getPosixFilePermissions(secret).toString())
        .isEqualTo("[OWNER_READ, OWNER_WRITE]");
  }

  @Test
  void everyCommandPrintsTheBuildsVersion() throws Exception {
    List<Result> results =
        List.of(
            run(Map.of(), "--version"),
            run(Map.of(), "serve", "-V"),
            run(Map.of(), "token", "-V"),
            run(Map.of(), "chat", "-V"));

    assertThat(results).allSatisfy(result -> assertThat(result.exit()).isZero());
    assertThat(results)
        .extracting(Result::out)
        .allSatisfy(
            out -> assertThat(out.strip()).matches("chat gateway \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"));
  }

  @Test
  void badInputIsOneClearLineAndANonZeroExitNeverAStackTrace() throws Exception {
    List<Result> results =
        List.of(
            run(Map.of(), "token"),
            run(Map.of("GATEWAY_JWT_SECRET", "short"), "token", "--user", "1"),
            run(Map.of("GATEWAY_USERS", "1-x", "GATEWAY_PORT", "0"), "serve"),
            run(Map.of("GATEWAY_PRESENCE_AUDIENCE", "some", "GATEWAY_PORT", "0")),
            run(Map.of("GATEWAY_READ_TIMEOUT", "soon", "GATEWAY_PORT", "0")));
    for (Result result : results) {
      assertThat(result.exit()).as(result.err()).isNotZero();
      assertThat(result.err()).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }
    assertThat(results.get(0).err()).contains("--user");
    assertThat(results.get(1).err()).contains("at least 32 bytes");
    assertThat(results.get(2).err()).contains("1-x");
    assertThat(results.get(3).err()).contains("all or subscribed");
    assertThat(results.get(4).err()).contains("soon");
  }

  @Test
  void helpListsTheCommands() throws Exception {
    Result result = run(Map.of(), "--help");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("serve").contains("token");
  }

  private static Result run(Map<String, String> env, String... args) throws Exception {
    assertThat(JAR).as("the packaged gateway (mvn package)").exists();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("GATEWAY_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(
        process.exitValue(),
        new String(out, StandardCharsets.UTF_8).strip(),
        new String(err, StandardCharsets.UTF_8).strip());
  }

  private record Result(int exit, String out, String err) {}
}
