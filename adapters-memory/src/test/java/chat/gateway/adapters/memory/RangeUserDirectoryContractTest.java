package chat.gateway.adapters.memory;

import chat.gateway.application.port.out.UserDirectory;
import chat.gateway.domain.UserId;
import chat.gateway.testsupport.UserDirectoryContract;
import java.util.Set;

class RangeUserDirectoryContractTest extends UserDirectoryContract {

  @Override
  protected UserDirectory newDirectory() {
    return RangeUserDirectory.parse("1-1000,4242,9000-9009");
  }

  @Override
  protected Set<UserId> knownUsers() {
    return Set.of(UserId.of(1), UserId.of(500), UserId.of(1000), UserId.of(4242), UserId.of(9009));
  }

  @Override
  protected Set<UserId> unknownUsers() {
    return Set.of(
        UserId.of(1001), UserId.of(4241), UserId.of(4243), UserId.of(8999), UserId.of(9010));
  }
}
