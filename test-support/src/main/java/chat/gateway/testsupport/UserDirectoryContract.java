package chat.gateway.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.application.port.out.UserDirectory;
import chat.gateway.domain.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UserDirectory} promises in its Javadoc. An adapter's test extends this class,
 * says how to build the directory, and names users it holds and users it does not.
 */
public abstract class UserDirectoryContract {

  private UserDirectory directory;

  /**
   * A directory holding every user of {@link #knownUsers()} and none of {@link #unknownUsers()}.
   */
  protected abstract UserDirectory newDirectory();

  /** Users the directory of {@link #newDirectory()} holds. */
  protected abstract Set<UserId> knownUsers();

  /** Users it does not hold. */
  protected abstract Set<UserId> unknownUsers();

  @BeforeEach
  void createDirectory() {
    directory = newDirectory();
  }

  @Test
  void knowsItsUsers() {
    assertThat(knownUsers())
        .isNotEmpty()
        .allSatisfy(user -> assertThat(directory.exists(user)).isTrue());
  }

  @Test
  void knowsNobodyElse() {
    assertThat(unknownUsers())
        .isNotEmpty()
        .allSatisfy(user -> assertThat(directory.exists(user)).isFalse());
  }

  @Test
  void answersTheSameFromManyThreads() {
    List<UserId> users = new ArrayList<>(knownUsers());
    users.addAll(unknownUsers());
    List<Boolean> expected = users.stream().map(knownUsers()::contains).toList();

    List<Boolean> consistent =
        Concurrently.run(
            8,
            () -> {
              for (int round = 0; round < 1_000; round++) {
                for (int i = 0; i < users.size(); i++) {
                  if (directory.exists(users.get(i)) != expected.get(i)) {
                    return false;
                  }
                }
              }
              return true;
            });

    assertThat(consistent).containsOnly(true);
  }
}
