package chat.gateway.bootstrap.e2e;

import chat.gateway.client.GatewayClient;
import chat.gateway.domain.Message;
import chat.gateway.domain.protocol.ServerPayload.SyncRsp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A user's whole stored history, read through sync pages as a client reads it. */
final class SyncPages {

  private SyncPages() {}

  /** Every message of {@code client}'s user, oldest first, page after page until none is left. */
  static List<Message> all(GatewayClient client) throws Exception {
    List<Message> all = new ArrayList<>();
    long cursor = 0;
    while (true) {
      SyncRsp page = client.sync(cursor).get(10, TimeUnit.SECONDS);
      all.addAll(page.messages());
      if (!page.hasMore() || page.messages().isEmpty()) {
        return all;
      }
      cursor = page.messages().getLast().id().value();
    }
  }
}
