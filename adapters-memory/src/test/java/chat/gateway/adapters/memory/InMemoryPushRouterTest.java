package chat.gateway.adapters.memory;

import chat.gateway.application.port.in.LocalDelivery;
import chat.gateway.application.port.out.PushRouter;
import chat.gateway.testsupport.PushRouterContract;

class InMemoryPushRouterTest extends PushRouterContract {

  @Override
  protected PushRouter newRouter(LocalDelivery delivery) {
    return new InMemoryPushRouter(delivery);
  }
}
