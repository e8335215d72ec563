package chat.gateway.bootstrap;

import chat.gateway.adapters.persistence.PostgresDatabase;
import chat.gateway.adapters.persistence.PostgresSettings;
import chat.gateway.adapters.persistence.PostgresUserAdmin;
import chat.gateway.client.cli.ProductVersion;
import chat.gateway.domain.UserId;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The users PostgreSQL knows: {@code users add 1 2 3 1-1000}, {@code users list}, {@code users
 * remove}. The embedded mode has no such list: it takes {@code GATEWAY_USERS}.
 */
@Command(
    name = "users",
    description = "Add, list and remove the users the gateway knows, in PostgreSQL.",
    mixinStandardHelpOptions = true,
    versionProvider = ProductVersion.class,
    defaultValueProvider = SettingDefaults.class,
    subcommands = {UsersCommand.Add.class, UsersCommand.Remove.class, UsersCommand.ListUsers.class})
final class UsersCommand implements Callable<Integer> {

  @Mixin DatabaseOptions database;

  final PrintStream out;

  UsersCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    out.println("usage: users add|list|remove (see users --help)");
    return 2;
  }

  /** Opens PostgreSQL (migrating it unless disabled) for one admin call. */
  <T> T withUsers(java.util.function.Function<PostgresUserAdmin, T> work) {
    PostgresSettings settings =
        database
            .toSettings()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "users needs PostgreSQL: set GATEWAY_DB_URL (the embedded mode takes its"
                            + " users from GATEWAY_USERS)"));
    try (PostgresDatabase db = PostgresDatabase.open(settings)) {
      return work.apply(db.users());
    }
  }

  /** Ids and ranges as given: {@code 7}, {@code 1-1000}, or several joined by commas. */
  record IdSpec(List<UserId> ids, List<UserId[]> ranges) {

    static IdSpec parse(List<String> arguments) {
      List<UserId> ids = new ArrayList<>();
      List<UserId[]> ranges = new ArrayList<>();
      for (String argument : arguments) {
        for (String part : argument.split(",")) {
          String item = part.strip();
          if (item.isEmpty()) {
            continue;
          }
          int dash = item.indexOf('-', 1);
          if (dash < 0) {
            ids.add(id(item));
          } else {
            UserId first = id(item.substring(0, dash));
            UserId last = id(item.substring(dash + 1));
            if (first.value() > last.value()) {
              throw new IllegalArgumentException(
                  "'" + item + "' is an empty range: write the lower id first");
            }
            ranges.add(new UserId[] {first, last});
          }
        }
      }
      if (ids.isEmpty() && ranges.isEmpty()) {
        throw new IllegalArgumentException("name at least one user id, e.g. 42 or 1-1000");
      }
      return new IdSpec(ids, ranges);
    }

    private static UserId id(String text) {
      long value;
      try {
        value = Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not a user id (a positive integer)");
      }
      if (value <= 0) {
        throw new IllegalArgumentException("user ids are positive, got " + value);
      }
      return UserId.of(value);
    }

    /** Every id, ranges expanded: for removal. */
    List<UserId> all() {
      List<UserId> every = new ArrayList<>(ids);
      for (UserId[] range : ranges) {
        long size = range[1].value() - range[0].value() + 1;
        if (size > 1_000_000) {
          throw new IllegalArgumentException("remove at most 1,000,000 ids in one range");
        }
        for (long id = range[0].value(); id <= range[1].value(); id++) {
          every.add(UserId.of(id));
        }
      }
      return every;
    }
  }

  @Command(name = "add", description = "Add users: ids and ranges, e.g. 1 2 3 1000-1999.")
  static final class Add implements Callable<Integer> {
    @ParentCommand UsersCommand parent;

    @Parameters(arity = "1..*", paramLabel = "ID|FIRST-LAST")
    List<String> ids;

    @Override
    public Integer call() {
      IdSpec spec = IdSpec.parse(ids);
      long added =
          parent.withUsers(
              users -> {
                long count = users.add(spec.ids());
                for (UserId[] range : spec.ranges()) {
                  count += users.addRange(range[0], range[1]);
                }
                return count;
              });
      parent.out.println("added " + added + " user" + (added == 1 ? "" : "s"));
      return 0;
    }
  }

  @Command(name = "remove", description = "Remove users (their messages stay).")
  static final class Remove implements Callable<Integer> {
    @ParentCommand UsersCommand parent;

    @Parameters(arity = "1..*", paramLabel = "ID|FIRST-LAST")
    List<String> ids;

    @Override
    public Integer call() {
      List<UserId> all = IdSpec.parse(ids).all();
      long removed = parent.withUsers(users -> users.remove(all));
      parent.out.println("removed " + removed + " user" + (removed == 1 ? "" : "s"));
      return 0;
    }
  }

  @Command(name = "list", description = "List users, lowest id first, a page at a time.")
  static final class ListUsers implements Callable<Integer> {
    @ParentCommand UsersCommand parent;

    @Option(names = "--after", description = "List ids above this one.")
    Long after;

    @Option(
        names = "--limit",
        defaultValue = "1000",
        description = "At most this many ids (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      if (limit <= 0) {
        throw new IllegalArgumentException("--limit must be positive, got " + limit);
      }
      List<UserId> page =
          parent.withUsers(users -> users.list(Optional.ofNullable(after).map(UserId::of), limit));
      page.forEach(user -> parent.out.println(user.value()));
      return 0;
    }
  }
}
