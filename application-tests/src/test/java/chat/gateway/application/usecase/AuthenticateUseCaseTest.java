package chat.gateway.application.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.adapters.memory.RangeUserDirectory;
import chat.gateway.application.port.in.AuthOutcome;
import chat.gateway.application.port.in.AuthenticateCommand;
import chat.gateway.application.port.in.AuthenticateUseCase;
import chat.gateway.application.port.out.TokenVerification;
import chat.gateway.application.port.out.TokenVerifierUnavailableException;
import chat.gateway.application.service.AuthenticateService;
import chat.gateway.domain.UserId;
import org.junit.jupiter.api.Test;

/** {@link AuthenticateUseCase} called directly: the verifier's answer and the directory's. */
class AuthenticateUseCaseTest {

  private static final TokenVerifierUnavailableException DOWN =
      new TokenVerifierUnavailableException("JWKS endpoint down", new RuntimeException());

  private final AuthenticateUseCase authenticate =
      new AuthenticateService(
          token ->
              switch (token) {
                case "down" -> throw DOWN;
                case "forged" -> new TokenVerification.Rejected("signature invalid");
                default -> new TokenVerification.Verified(UserId.of(Long.parseLong(token)));
              },
          RangeUserDirectory.parse("1-10"));

  @Test
  void aVerifiedTokenOfAKnownUserIsAccepted() {
    assertThat(authenticate.authenticate(new AuthenticateCommand("7")))
        .isEqualTo(new AuthOutcome.Accepted(UserId.of(7)));
  }

  @Test
  void aVerifiedTokenOfAnUnknownUserIsRejected() {
    assertThat(authenticate.authenticate(new AuthenticateCommand("11")))
        .isEqualTo(new AuthOutcome.Rejected("unknown user"));
  }

  @Test
  void theVerifiersReasonIsKeptAndAnEmptyTokenNeverReachesIt() {
    assertThat(authenticate.authenticate(new AuthenticateCommand("forged")))
        .isEqualTo(new AuthOutcome.Rejected("signature invalid"));
    assertThat(authenticate.authenticate(new AuthenticateCommand("")))
        .isEqualTo(new AuthOutcome.Rejected("token missing"));
  }

  @Test
  void aVerifierThatCannotDecideIsUnavailableWithItsCause() {
    assertThat(authenticate.authenticate(new AuthenticateCommand("down")))
        .isEqualTo(new AuthOutcome.Unavailable(DOWN));
  }
}
