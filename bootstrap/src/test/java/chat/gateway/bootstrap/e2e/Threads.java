package chat.gateway.bootstrap.e2e;

import java.util.Set;
import java.util.stream.Collectors;

/** The live threads of this JVM, by name: to see that a client started and ended its own. */
final class Threads {

  private Threads() {}

  /** The names of the live threads whose name starts with {@code prefix}. */
  static Set<String> named(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .collect(Collectors.toSet());
  }
}
