package chat.gateway.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The embedded default's development signing secret: random, kept in a file readable only by its
 * owner, so the running gateway and the {@code token} command agree on it across restarts.
 */
final class DevSecret {

  private DevSecret() {}

  /** Reads the secret from {@code file}, creating the file with a new random secret if absent. */
  static String loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
        throw new IllegalStateException(
            "the development secret in " + file + " is shorter than 32 bytes; delete the file");
      }
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the development secret " + file, e);
    }
  }

  private static void create(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    byte[] bytes = new byte[48];
    new SecureRandom().nextBytes(bytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    try {
      Files.createFile(file);
    } catch (FileAlreadyExistsException raced) {
      return;
    }
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file keeps the directory's permissions.
    }
    Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
  }
}
