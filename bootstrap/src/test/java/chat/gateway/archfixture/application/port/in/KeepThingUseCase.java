package chat.gateway.archfixture.application.port.in;

/** An inbound port of the fixture. */
public interface KeepThingUseCase {
  void keep(String thing);
}
