package chat.gateway.application.session;

import chat.gateway.application.port.in.AcknowledgeUseCase;
import chat.gateway.application.port.in.AuthenticateUseCase;
import chat.gateway.application.port.in.SendChatUseCase;
import chat.gateway.application.port.in.SyncUseCase;
import chat.gateway.application.port.out.GatewayMetrics;
import chat.gateway.application.registry.ConnectionRegistry;
import chat.gateway.application.service.Membership;
import chat.gateway.application.service.PresenceService;
import chat.gateway.domain.Limits;
import chat.gateway.domain.connection.ConnectionStateMachine;
import chat.gateway.domain.ratelimit.RateLimiter;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every session uses, shared by all of them.
 *
 * @param nonBlockingPorts whether every port but the token verifier answers without waiting (see
 *     {@link GatewayCoreBuilder#nonBlockingPorts})
 */
record SessionServices(
    AuthenticateUseCase authenticate,
    SendChatUseCase chat,
    AcknowledgeUseCase acknowledge,
    SyncUseCase sync,
    PresenceService presence,
    Membership membership,
    LoginPush loginPush,
    ConnectionRegistry registry,
    ConnectionStateMachine machine,
    RateLimiter rateLimiter,
    InstantSource clock,
    Executor executor,
    ScheduledExecutorService timers,
    Limits limits,
    SessionLogs logs,
    boolean nonBlockingPorts,
    GatewayMetrics metrics) {}
