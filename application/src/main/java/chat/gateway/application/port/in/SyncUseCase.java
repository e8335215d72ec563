package chat.gateway.application.port.in;

/** Answers a sync with one page of the user's messages after the cursor, oldest first. */
public interface SyncUseCase {

  SyncOutcome sync(SyncCommand command);
}
