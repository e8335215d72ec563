package chat.gateway.archfixture.application.port.out;

/** An outbound port of the fixture. */
public interface ThingStore {
  void keep(String thing);
}
