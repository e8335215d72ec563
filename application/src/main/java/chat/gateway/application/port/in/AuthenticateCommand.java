package chat.gateway.application.port.in;

import java.util.Objects;

/** The token of an Auth request. */
public record AuthenticateCommand(String token) {
  public AuthenticateCommand {
    Objects.requireNonNull(token, "token");
  }

  @Override
  public String toString() {
    return "AuthenticateCommand[token=<" + token.length() + " chars>]";
  }
}
