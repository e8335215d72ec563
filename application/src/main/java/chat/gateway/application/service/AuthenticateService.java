package chat.gateway.application.service;

import chat.gateway.application.port.in.AuthOutcome;
import chat.gateway.application.port.in.AuthenticateCommand;
import chat.gateway.application.port.in.AuthenticateUseCase;
import chat.gateway.application.port.out.TokenVerification;
import chat.gateway.application.port.out.TokenVerifier;
import chat.gateway.application.port.out.TokenVerifierUnavailableException;
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
  public AuthOutcome authenticate(AuthenticateCommand command) {
    if (command.token().isEmpty()) {
      return new AuthOutcome.Rejected("token missing");
    }
    try {
      return switch (verifier.verify(command.token())) {
        case TokenVerification.Verified verified when !directory.exists(verified.user()) ->
            new AuthOutcome.Rejected("unknown user");
        case TokenVerification.Verified verified -> new AuthOutcome.Accepted(verified.user());
        case TokenVerification.Rejected rejected -> new AuthOutcome.Rejected(rejected.reason());
      };
    } catch (TokenVerifierUnavailableException e) {
      return new AuthOutcome.Unavailable(e);
    }
  }
}
