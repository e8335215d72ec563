package chat.gateway.testsupport.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The {@code redis-server} binary for this platform out of the {@code com.github.codemonstur:
 * embedded-redis} jar (which carries builds for Linux amd64/arm64/386 and macOS amd64/arm64 as
 * plain resources), copied once per machine to a file of its own, executable by everyone. Only the
 * binary is used, not the library's classes: the fixture runs and watches the process itself.
 */
final class RedisBinary {

  private static final System.Logger LOG = System.getLogger(RedisBinary.class.getName());

  /** A class of the jar, to find the jar by. */
  private static final String MARKER = "redis/embedded/RedisServer.class";

  private RedisBinary() {}

  /** The binary, copied under {@code base} unless it already is there. */
  static Path extractedUnder(Path base) {
    String suffix = "-" + system() + "-" + architecture();
    URL marker = RedisBinary.class.getClassLoader().getResource(MARKER);
    if (marker == null) {
      throw new IllegalStateException(
          "com.github.codemonstur:embedded-redis is not on the classpath (no " + MARKER + ")");
    }
    try {
      JarURLConnection connection = (JarURLConnection) marker.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        JarEntry entry =
            jar.stream()
                .filter(
                    e -> e.getName().startsWith("redis-server-") && e.getName().endsWith(suffix))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "no redis-server for " + suffix.substring(1) + " in " + jar.getName()));
        // The entry's size and CRC tell two builds apart without reading them.
        Path target =
            base.resolve(entry.getName() + "-" + Long.toHexString(entry.getCrc()) + ".bin");
        if (Files.isExecutable(target)) {
          LOG.log(Level.INFO, "redis-server already extracted at " + target);
          return target;
        }
        long started = System.nanoTime();
        Path temporary = Files.createTempFile(base, "extracting-", ".tmp");
        try (InputStream in = jar.getInputStream(entry)) {
          Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
          Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
          Files.deleteIfExists(temporary);
        }
        LOG.log(
            Level.INFO,
            "redis-server extracted from "
                + jar.getName()
                + " ("
                + entry.getName()
                + ") to "
                + target
                + " in "
                + (System.nanoTime() - started) / 1_000_000
                + " ms");
        return target;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not extract redis-server to " + base, e);
    }
  }

  // The names the jar's resources use.
  private static String system() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    return os.contains("linux") ? "linux" : os.contains("mac") ? "darwin" : os;
  }

  private static String architecture() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i686" -> "386";
      default -> arch;
    };
  }
}
