package chat.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/jvm-options.sh}, the launcher's JVM options: the collector it picks, and that it
 * leaves the choice to {@code JDK_JAVA_OPTIONS} or to a JVM without that collector. A stand-in for
 * the java binary ({@code true}: has every collector, {@code false}: has none) keeps the test
 * independent of the JDK that runs it; the process tests start the real jar with these options.
 */
class JvmOptionsTest {

  private static final String SCRIPT = "../scripts/jvm-options.sh";

  @Test
  void onJdk25WithShenandoahTheCollectorIsGenerationalShenandoahWithCompactHeaders()
      throws Exception {
    assertThat(options("25", "/bin/true", Map.of()))
        .containsExactly(
            "-XX:+ExitOnOutOfMemoryError",
            "--sun-misc-unsafe-memory-access=allow",
            "-XX:MaxRAMPercentage=50",
            "-XX:+UseCompactObjectHeaders",
            "-XX:+UseShenandoahGC",
            "-XX:ShenandoahGCMode=generational");
  }

  @Test
  void beforeJdk25ShenandoahHasOneGeneration() throws Exception {
    assertThat(options("21", "/bin/true", Map.of()))
        .containsExactly(
            "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=50", "-XX:+UseShenandoahGC");
  }

  @Test
  void aJvmWithoutShenandoahKeepsItsDefaultCollector() throws Exception {
    assertThat(options("25", "/bin/false", Map.of()))
        .containsExactly(
            "-XX:+ExitOnOutOfMemoryError",
            "--sun-misc-unsafe-memory-access=allow",
            "-XX:MaxRAMPercentage=50",
            "-XX:+UseCompactObjectHeaders");
  }

  @Test
  void aCollectorChosenInJdkJavaOptionsIsNotContradicted() throws Exception {
    assertThat(options("25", "/bin/true", Map.of("JDK_JAVA_OPTIONS", "-Xmx2g -XX:+UseG1GC")))
        .noneMatch(option -> option.contains("Shenandoah"))
        .contains("-XX:+ExitOnOutOfMemoryError");
  }

  private static List<String> options(String major, String java, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("bash", Path.of(SCRIPT).toString(), major, java)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().putAll(env);
    Process process = builder.start();
    String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    return printed.lines().filter(line -> !line.isBlank()).toList();
  }
}
