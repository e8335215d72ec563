package chat.gateway.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.gateway.application.port.out.MessageStoreUnavailableException;
import chat.gateway.domain.UserId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.CloseableDSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code users remove} and {@code users add} mean with the user cache on: a found user is kept
 * for the ttl, a user not found is asked for again every time. The cache's clock is a counter the
 * test moves.
 */
class PostgresUserDirectoryCacheIT {

  private static final Duration TTL = Duration.ofSeconds(5);
  private static final UserId ALICE = UserId.of(7);
  private static final UserId BOB = UserId.of(8);

  private final AtomicLong nanos = new AtomicLong();
  private PostgresSettings settings;
  private PostgresDatabase database;
  private CloseableDSLContext db;

  @BeforeEach
  void open() {
    settings = TestDatabases.settings();
    database = PostgresDatabase.open(settings);
    db = DSL.using(settings.url(), settings.user(), settings.password());
  }

  @AfterEach
  void close() {
    db.close();
    database.close();
  }

  @Test
  void aRemovedUserIsKnownUntilTheTtlPassesThenUnknown() {
    database.users().add(List.of(ALICE));
    PostgresUserDirectory directory = new PostgresUserDirectory(db, TTL, nanos::get);
    assertThat(directory.exists(ALICE)).isTrue();

    database.users().remove(List.of(ALICE));

    nanos.addAndGet(TTL.minusMillis(1).toNanos());
    assertThat(directory.exists(ALICE)).as("within the ttl").isTrue();
    nanos.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(directory.exists(ALICE)).as("once the ttl passed").isFalse();
  }

  @Test
  void aUserAddedIsKnownAtOnceBecauseAnUnknownOneIsNotKept() {
    PostgresUserDirectory directory = new PostgresUserDirectory(db, TTL, nanos::get);
    assertThat(directory.exists(BOB)).isFalse();

    database.users().add(List.of(BOB));

    assertThat(directory.exists(BOB)).isTrue();
  }

  @Test
  void aFoundUserIsNotAskedForAgainWithinTheTtl() {
    database.users().add(List.of(ALICE));
    PostgresUserDirectory directory = new PostgresUserDirectory(db, TTL, nanos::get);
    assertThat(directory.exists(ALICE)).isTrue();

    // The database gone: the answer comes from the cache until the ttl passes.
    db.close();

    assertThat(directory.exists(ALICE)).isTrue();
    nanos.addAndGet(TTL.toNanos());
    assertThatThrownBy(() -> directory.exists(ALICE))
        .isInstanceOf(MessageStoreUnavailableException.class);
  }

  @Test
  void aTtlOfZeroAsksEveryTime() {
    database.users().add(List.of(ALICE));
    PostgresUserDirectory directory = new PostgresUserDirectory(db, Duration.ZERO, nanos::get);
    assertThat(directory.exists(ALICE)).isTrue();

    database.users().remove(List.of(ALICE));

    assertThat(directory.exists(ALICE)).isFalse();
  }

  @Test
  void theDatabasesDirectoryTakesTheTtlOfTheSettings() {
    try (PostgresDatabase hourly =
        PostgresDatabase.open(settings.withUserCacheTtl(Duration.ofHours(1)))) {
      database.users().add(List.of(ALICE));
      assertThat(hourly.userDirectory().exists(ALICE)).isTrue();

      database.users().remove(List.of(ALICE));

      assertThat(hourly.userDirectory().exists(ALICE)).as("within the hour").isTrue();
    }
    assertThat(settings.userCacheTtl()).isEqualTo(PostgresSettings.DEFAULT_USER_CACHE_TTL);
  }

  @Test
  void aNegativeTtlIsRefused() {
    assertThatThrownBy(() -> settings.withUserCacheTtl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
  }
}
