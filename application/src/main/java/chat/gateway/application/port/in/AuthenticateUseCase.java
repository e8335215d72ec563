package chat.gateway.application.port.in;

/** Checks an Auth token: it must verify and name a user the directory knows. */
public interface AuthenticateUseCase {

  AuthOutcome authenticate(AuthenticateCommand command);
}
