package chat.gateway.testsupport;

import chat.gateway.domain.UserId;
import java.util.concurrent.ThreadLocalRandom;

/** User fixtures. Random ids keep tests that share a store (a database, Redis) apart. */
public final class Users {

  private Users() {}

  /** A user id no other test is likely to use. */
  public static UserId randomUser() {
    return UserId.of(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
  }
}
