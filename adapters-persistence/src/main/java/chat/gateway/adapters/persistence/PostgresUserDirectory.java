package chat.gateway.adapters.persistence;

import static chat.gateway.adapters.persistence.jooq.Tables.USERS;

import chat.gateway.application.port.out.MessageStoreUnavailableException;
import chat.gateway.application.port.out.UserDirectory;
import chat.gateway.domain.UserId;
import java.util.Objects;
import org.jooq.DSLContext;

/**
 * The {@link UserDirectory} of the PostgreSQL mode: the {@code users} table, one primary-key lookup
 * per question (no cache, so {@code users remove} takes effect at once on every instance). When the
 * database cannot be reached it throws {@link MessageStoreUnavailableException}: the users live in
 * the same database as the messages.
 */
public final class PostgresUserDirectory implements UserDirectory {

  private final DSLContext db;

  PostgresUserDirectory(DSLContext db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public boolean exists(UserId user) {
    return Failures.unavailableOnError(
        "looking up a user", () -> db.fetchExists(USERS, USERS.ID.eq(user.value())));
  }
}
