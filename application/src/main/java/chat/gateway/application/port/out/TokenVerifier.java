package chat.gateway.application.port.out;

/**
 * Checks a bearer token and names the user it belongs to.
 *
 * <p>Contract: a token is accepted only when its signature verifies with a configured key and
 * algorithm, it has not expired, it is already valid ({@code nbf}), and its issuer and audience
 * match where configured; the user is the token's {@code sub}, a positive 64-bit integer. Every
 * other token is {@link TokenVerification.Rejected} with a reason fit to show the client (it names
 * what was wrong, never key material). The call is safe from many threads at once. When the keys
 * cannot be obtained (a JWKS endpoint down), it throws {@link TokenVerifierUnavailableException}
 * rather than rejecting a token that may be valid.
 */
public interface TokenVerifier {

  TokenVerification verify(String token);
}
