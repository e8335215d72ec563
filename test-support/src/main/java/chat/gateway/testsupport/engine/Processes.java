package chat.gateway.testsupport.engine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs engine tools as child processes. Some engines (PostgreSQL) refuse to run as root, and CI
 * runs as root: then every command runs as the unprivileged user {@code nobody} through {@code
 * setpriv}.
 */
public final class Processes {

  /** The user engines run as when the JVM runs as root. */
  public static final String UNPRIVILEGED_USER = "nobody";

  /** Its group. */
  public static final String UNPRIVILEGED_GROUP = "nogroup";

  private static final boolean ROOT = isRoot();

  private Processes() {}

  /** True when this JVM runs as root (uid 0). */
  public static boolean runningAsRoot() {
    return ROOT;
  }

  /** {@code command}, prefixed to run as {@link #UNPRIVILEGED_USER} when this JVM is root. */
  public static List<String> unprivileged(List<String> command) {
    if (!ROOT) {
      return command;
    }
    List<String> wrapped = new ArrayList<>();
    wrapped.add("setpriv");
    wrapped.add("--reuid=" + UNPRIVILEGED_USER);
    wrapped.add("--regid=" + UNPRIVILEGED_GROUP);
    wrapped.add("--clear-groups");
    wrapped.add("--");
    wrapped.addAll(command);
    return wrapped;
  }

  /**
   * Runs {@code command} in {@code directory} (unprivileged when root), waits at most {@code
   * timeoutSeconds} and returns its output.
   *
   * @throws IllegalStateException with the output when it fails or times out
   */
  public static String run(Path directory, long timeoutSeconds, List<String> command) {
    List<String> full = unprivileged(command);
    Path output = null;
    try {
      // Output goes to a file, not a pipe: a server the tool starts in the background may keep
      // inherited descriptors open, and the timeout must hold whatever the tool does.
      output = Files.createTempFile("engine-tool-", ".log");
      Process process =
          new ProcessBuilder(full)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "timed out after " + timeoutSeconds + " s: " + String.join(" ", full));
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "failed with status "
                + process.exitValue()
                + ": "
                + String.join(" ", full)
                + System.lineSeparator()
                + text);
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + String.join(" ", full) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", full), e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          // a temporary file left behind
        }
      }
    }
  }

  private static boolean isRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (RuntimeException | LinkageError e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
