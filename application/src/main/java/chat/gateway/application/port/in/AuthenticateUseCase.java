package chat.gateway.application.port.in;

import chat.gateway.application.port.out.TokenVerification;

/**
 * Checks an Auth token: it must verify and name a user the directory knows. Throws {@link
 * chat.gateway.application.port.out.TokenVerifierUnavailableException} when the verifier cannot
 * decide.
 */
public interface AuthenticateUseCase {

  TokenVerification authenticate(String token);
}
