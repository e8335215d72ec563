package chat.gateway.application.service;

import chat.gateway.application.port.in.AuthenticateUseCase;
import chat.gateway.application.port.out.TokenVerification;
import chat.gateway.application.port.out.TokenVerifier;
import chat.gateway.application.port.out.UserDirectory;

/** A token must verify and name a user the directory knows. */
public final class AuthenticateService implements AuthenticateUseCase {

  private final TokenVerifier verifier;
  private final UserDirectory directory;

  public AuthenticateService(TokenVerifier verifier, UserDirectory directory) {
    this.verifier = verifier;
    this.directory = directory;
  }

  @Override
  public TokenVerification authenticate(String token) {
    if (token.isEmpty()) {
      return new TokenVerification.Rejected("token missing");
    }
    return switch (verifier.verify(token)) {
      case TokenVerification.Verified verified when !directory.exists(verified.user()) ->
          new TokenVerification.Rejected("unknown user");
      case TokenVerification verification -> verification;
    };
  }
}
