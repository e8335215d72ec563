package chat.gateway.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar's {@code chat} command as a child process: the test types into its input and
 * reads what it printed from a file (a pipe can lose the last lines when the process exits).
 */
final class ChatProcess implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Process process;
  private final Path out;
  private final Path err;
  private final OutputStream input;

  private ChatProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
    this.input = process.getOutputStream();
  }

  /** Starts {@code chat} with {@code args} and {@code env}; {@code name} names its output files. */
  static ChatProcess start(Path dir, String name, Map<String, String> env, String... args)
      throws IOException {
    Path jar = Path.of(System.getProperty("gateway.jar", "target/gateway.jar"));
    assertThat(jar).as("the packaged gateway (mvn package)").exists();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "chat"));
    command.addAll(List.of(args));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(variable -> variable.startsWith("GATEWAY_"));
    builder.environment().putAll(env);
    return new ChatProcess(builder.start(), out, err);
  }

  /** Types {@code line} and Enter. */
  void type(String line) throws IOException {
    input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    input.flush();
  }

  /** Closes the process's input: end of file. */
  void endInput() throws IOException {
    input.close();
  }

  /** Waits for a printed line equal to {@code line}. */
  void awaitLine(String line) {
    await()
        .atMost(WAIT)
        .alias(line + " in " + out.getFileName())
        .until(() -> lines().contains(line));
  }

  /** Waits for a printed line matching {@code pattern} and returns its first group. */
  String awaitMatch(Pattern pattern) {
    return await()
        .atMost(WAIT)
        .alias(pattern + " in " + out.getFileName())
        .until(
            () -> lines().stream().map(pattern::matcher).filter(Matcher::matches).findFirst(),
            Optional::isPresent)
        .orElseThrow()
        .group(1);
  }

  /** Waits for the process to end and returns its exit status. */
  int exitStatus() throws InterruptedException {
    assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("exited; printed %s; stderr %s", lines(), read(err))
        .isTrue();
    return process.exitValue();
  }

  List<String> lines() {
    return read(out).lines().toList();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
