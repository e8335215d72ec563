package chat.gateway.application.service;

import chat.gateway.application.port.in.Requester;
import chat.gateway.application.port.in.SyncUseCase;
import chat.gateway.application.port.out.HistoryPage;
import chat.gateway.application.port.out.MessageStore;
import chat.gateway.application.port.out.SyncCursor;
import chat.gateway.domain.ErrorCode;
import chat.gateway.domain.protocol.ClientPayload;
import chat.gateway.domain.protocol.ServerPayload;

/** Pages through a user's history. */
public final class SyncService implements SyncUseCase {

  private final MessageStore store;
  private final int pageSize;

  public SyncService(MessageStore store, int pageSize) {
    this.store = store;
    this.pageSize = pageSize;
  }

  @Override
  public void sync(Requester requester, ClientPayload.SyncReq request) {
    if (request.lastMessageId() < 0 || request.lastSyncTime() < 0) {
      requester.fail(ErrorCode.WS_INVALID_PAYLOAD, "cursors must not be negative");
      return;
    }
    HistoryPage page =
        store.history(
            requester.user(),
            SyncCursor.of(request.lastMessageId(), request.lastSyncTime()),
            pageSize);
    requester.reply(new ServerPayload.SyncRsp(page.messages(), page.hasMore()));
  }
}
