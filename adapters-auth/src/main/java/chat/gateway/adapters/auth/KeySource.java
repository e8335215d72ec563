package chat.gateway.adapters.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the verifier's keys come from: exactly one of a shared HS256 secret, a JWKS served over
 * http(s), or a JWKS file. Each variant validates itself on construction, so a {@code KeySource}
 * that exists is usable; whether a JWKS file can actually be read is checked when a verifier is
 * built from it.
 */
public sealed interface KeySource {

  /**
   * Parses a JWKS location: an {@code http://} or {@code https://} URL becomes a {@link JwksUrl}; a
   * {@code file:} URI or anything without a scheme becomes a {@link JwksFile}.
   *
   * @throws IllegalArgumentException if the location is blank, uses another scheme, or is not a
   *     valid URL or path
   */
  static KeySource jwks(String location) {
    Objects.requireNonNull(location, "location");
    String trimmed = location.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("JWKS location must not be blank");
    }
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      try {
        return new JwksUrl(parseUri(trimmed));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "JWKS location is not a valid URL: " + trimmed + " (" + e.getMessage() + ")", e);
      }
    }
    if (lower.matches("^[a-z][a-z0-9+.-]*://.*") && !lower.startsWith("file:")) {
      throw new IllegalArgumentException(
          "JWKS location must be an http(s) URL or a file path, got: " + trimmed);
    }
    try {
      return new JwksFile(
          lower.startsWith("file:") ? Path.of(parseUri(trimmed)) : Path.of(trimmed));
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      throw new IllegalArgumentException(
          "JWKS location is not a valid file path: " + trimmed + " (" + e.getMessage() + ")", e);
    }
  }

  private static URI parseUri(String location) {
    try {
      return new URI(location);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URI: " + e.getMessage(), e);
    }
  }

  /**
   * An HS256 shared secret, given as a string whose UTF-8 encoding is at least {@value #MIN_BYTES}
   * bytes (the HS256 key length). {@link #toString()} never shows the secret.
   */
  record SharedSecret(String secret) implements KeySource {

    /** RFC 7518 section 3.2: an HS256 key must be at least as long as the hash output. */
    public static final int MIN_BYTES = 32;

    public SharedSecret {
      Objects.requireNonNull(secret, "secret");
      int length = secret.getBytes(StandardCharsets.UTF_8).length;
      if (length < MIN_BYTES) {
        throw new IllegalArgumentException(
            "GATEWAY_JWT_SECRET must be at least "
                + MIN_BYTES
                + " bytes (got "
                + length
                + "); generate one with: openssl rand -base64 48");
      }
    }

    /** The secret's UTF-8 bytes, a fresh copy on each call. */
    public byte[] bytes() {
      return secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "SharedSecret[redacted]";
    }
  }

  /** A JWKS fetched over http(s) and cached; RS256 and ES256 keys are used from it. */
  record JwksUrl(URI uri) implements KeySource {
    public JwksUrl {
      Objects.requireNonNull(uri, "uri");
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("JWKS URL must be http or https, got: " + uri);
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw new IllegalArgumentException("JWKS URL has no host: " + uri);
      }
    }
  }

  /** A JWKS file read once when the verifier is built; RS256 and ES256 keys are used from it. */
  record JwksFile(Path path) implements KeySource {
    public JwksFile {
      Objects.requireNonNull(path, "path");
    }
  }
}
