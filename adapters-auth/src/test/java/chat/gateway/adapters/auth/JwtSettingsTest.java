package chat.gateway.adapters.auth;

import static chat.gateway.adapters.auth.TestTokens.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtSettingsTest {

  @Test
  void secretShorterThan32BytesFailsWithAnActionableMessage() {
    assertThatThrownBy(() -> JwtSettings.sharedSecret("twelve-bytes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "GATEWAY_JWT_SECRET must be at least 32 bytes (got 12); "
                + "generate one with: openssl rand -base64 48");
  }

  @Test
  void secretLengthIsCountedInUtf8Bytes() {
    assertThatThrownBy(() -> JwtSettings.sharedSecret("é".repeat(15)))
        .hasMessageContaining("(got 30)");
    assertThat(JwtSettings.sharedSecret("é".repeat(16)).keySource())
        .isInstanceOf(KeySource.SharedSecret.class);
  }

  @Test
  void defaultsAreNoIssuerNoAudienceThirtySecondsSkewAndTheSystemClock() {
    JwtSettings settings = JwtSettings.sharedSecret(SECRET);

    assertThat(settings.issuer()).isEmpty();
    assertThat(settings.audience()).isEmpty();
    assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.clock()).isEqualTo(InstantSource.system());
  }

  @Test
  void withersChangeOnlyTheirComponent() {
    InstantSource clock = new TestTokens.MutableClock();
    JwtSettings settings =
        JwtSettings.sharedSecret(SECRET)
            .withIssuer("iss")
            .withAudience("aud")
            .withClockSkew(Duration.ofSeconds(5))
            .withClock(clock);

    assertThat(settings.issuer()).contains("iss");
    assertThat(settings.audience()).contains("aud");
    assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.clock()).isSameAs(clock);
    assertThat(settings.keySource()).isEqualTo(new KeySource.SharedSecret(SECRET));
  }

  @Test
  void secretNeverShowsInToString() {
    assertThat(JwtSettings.sharedSecret(SECRET).toString()).doesNotContain(SECRET);
  }

  @Test
  void httpAndHttpsLocationsAreUrls() {
    assertThat(JwtSettings.jwks("https://idp.example/jwks.json").keySource())
        .isEqualTo(new KeySource.JwksUrl(URI.create("https://idp.example/jwks.json")));
    assertThat(JwtSettings.jwks(" HTTP://localhost:8080/keys ").keySource())
        .isEqualTo(new KeySource.JwksUrl(URI.create("HTTP://localhost:8080/keys")));
  }

  @Test
  void pathsAndFileUrisAreFiles() {
    assertThat(JwtSettings.jwks("/etc/gateway/jwks.json").keySource())
        .isEqualTo(new KeySource.JwksFile(Path.of("/etc/gateway/jwks.json")));
    assertThat(JwtSettings.jwks("conf/jwks.json").keySource())
        .isEqualTo(new KeySource.JwksFile(Path.of("conf/jwks.json")));
    assertThat(JwtSettings.jwks("file:///etc/gateway/jwks.json").keySource())
        .isEqualTo(new KeySource.JwksFile(Path.of("/etc/gateway/jwks.json")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "   ", "ftp://idp.example/jwks.json", "https://", "https://exa mple/"})
  void unusableJwksLocationsFail(String location) {
    assertThatThrownBy(() -> JwtSettings.jwks(location))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JWKS");
  }

  @Test
  void negativeOrHugeSkewFails() {
    JwtSettings settings = JwtSettings.sharedSecret(SECRET);

    assertThatThrownBy(() -> settings.withClockSkew(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clock skew");
    assertThatThrownBy(() -> settings.withClockSkew(Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clock skew");
  }

  @Test
  void blankIssuerOrAudienceFails() {
    JwtSettings settings = JwtSettings.sharedSecret(SECRET);

    assertThatThrownBy(() -> settings.withIssuer(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("issuer");
    assertThatThrownBy(() -> settings.withAudience(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("audience");
  }

  @Test
  void nullsAreRefused() {
    KeySource source = new KeySource.SharedSecret(SECRET);
    Duration skew = Duration.ofSeconds(1);
    InstantSource clock = InstantSource.system();

    assertThatThrownBy(() -> new JwtSettings(null, Optional.empty(), Optional.empty(), skew, clock))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new JwtSettings(source, null, Optional.empty(), skew, clock))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> JwtSettings.sharedSecret(null))
        .isInstanceOf(NullPointerException.class);
  }
}
