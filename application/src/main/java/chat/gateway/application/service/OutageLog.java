package chat.gateway.application.service;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logs an outbound port's outage once when it starts and once when it ends, not once per call: a
 * Redis or Kafka outage under traffic must not write a stack trace per message.
 */
final class OutageLog {

  private final Logger log;
  private final String what;
  private final String advice;
  private final AtomicBoolean down = new AtomicBoolean();

  OutageLog(Logger log, String what, String advice) {
    this.log = log;
    this.what = what;
    this.advice = advice;
  }

  void failed(Throwable cause) {
    if (down.compareAndSet(false, true)) {
      log.log(Level.WARNING, what + " failed (" + cause + "); " + advice);
    }
  }

  void succeeded() {
    if (down.get() && down.compareAndSet(true, false)) {
      log.log(Level.INFO, what + " works again");
    }
  }
}
