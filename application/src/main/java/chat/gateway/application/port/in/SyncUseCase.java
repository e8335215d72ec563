package chat.gateway.application.port.in;

import chat.gateway.domain.protocol.ClientPayload;

/** Answers a SyncReq with one page of the user's messages after the cursor, oldest first. */
public interface SyncUseCase {

  void sync(Requester requester, ClientPayload.SyncReq request);
}
