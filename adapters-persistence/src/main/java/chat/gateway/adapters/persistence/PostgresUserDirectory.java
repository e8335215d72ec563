package chat.gateway.adapters.persistence;

import static chat.gateway.adapters.persistence.jooq.Tables.USERS;

import chat.gateway.application.port.out.MessageStoreUnavailableException;
import chat.gateway.application.port.out.UserDirectory;
import chat.gateway.domain.UserId;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import org.jooq.DSLContext;

/**
 * The {@link UserDirectory} of the PostgreSQL mode: the {@code users} table, one primary-key lookup
 * per question, except that a user found is taken to exist for {@code ttl} without asking again
 * (every Chat checks its recipient, and that lookup was one of the three round trips a durable
 * message cost). Only found users are kept: a user added is known at once on every instance, and a
 * user removed is refused on every instance within {@code ttl} (at once with a ttl of zero, which
 * keeps nothing). At most {@link #MAX_CACHED_USERS} users are kept, the least used dropped first.
 * When the database cannot be reached it throws {@link MessageStoreUnavailableException}: the users
 * live in the same database as the messages.
 */
public final class PostgresUserDirectory implements UserDirectory {

  /** The most users whose existence is kept at once. */
  public static final long MAX_CACHED_USERS = 100_000;

  private final DSLContext db;

  /** Users found, for the ttl; null when the ttl is zero. */
  private final Cache<UserId, Boolean> found;

  PostgresUserDirectory(DSLContext db, Duration ttl) {
    this(db, ttl, Ticker.systemTicker());
  }

  /** A directory whose cache reads the time from {@code ticker}; for tests. */
  PostgresUserDirectory(DSLContext db, Duration ttl, Ticker ticker) {
    this.db = Objects.requireNonNull(db, "db");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("the user cache ttl must not be negative, got " + ttl);
    }
    this.found =
        ttl.isZero()
            ? null
            : Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(MAX_CACHED_USERS)
                .ticker(ticker)
                // Upkeep on the caller's thread, not the common pool.
                .executor(Runnable::run)
                .build();
  }

  @Override
  public boolean exists(UserId user) {
    if (found != null && found.getIfPresent(user) != null) {
      return true;
    }
    boolean exists =
        Failures.unavailableOnError(
            "looking up a user", () -> db.fetchExists(USERS, USERS.ID.eq(user.value())));
    if (exists && found != null) {
      found.put(user, Boolean.TRUE);
    }
    return exists;
  }
}
