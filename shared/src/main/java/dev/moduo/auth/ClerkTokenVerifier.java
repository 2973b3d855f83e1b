package dev.moduo.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.RSAKeyProvider;
import dev.moduo.config.Settings;
import dev.moduo.core.Refusal;
import dev.moduo.snapstart.Primable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates API callers by their Clerk session token (RS256 JWT), with the checks Clerk's backend
 * SDK makes. Every rejection is a 401 whose message says what was wrong but never repeats the token.
 *
 * <p>Keys come from {@code CLERK_JWT_KEY} (PEM, networkless; wins when both are set, as in Clerk's SDK)
 * or {@code CLERK_JWKS_URL}. {@code CLERK_AUTHORIZED_PARTIES} is a comma-separated list of the origins
 * whose tokens are accepted (checked against {@code azp}); unset means any origin.
 */
@Singleton
public class ClerkTokenVerifier implements Primable {

    public static final String JWT_KEY_SETTING = "CLERK_JWT_KEY";
    public static final String JWKS_URL_SETTING = "CLERK_JWKS_URL";
    public static final String AUTHORIZED_PARTIES_SETTING = "CLERK_AUTHORIZED_PARTIES";

    /** Clerk's SDKs allow 5 s of clock difference between Clerk and this server. */
    public static final long CLOCK_SKEW_SECONDS = 5;
    // Session tokens are about 1 KB; anything past this is refused before a byte of it is decoded.
    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    static final String NOT_A_SESSION_TOKEN = "Token is not a session token";
    // Clerk's header "cat" tags (clerk/javascript packages/backend/src/tokens/jwtCategories.ts).
    static final String SESSION_TOKEN_CATEGORY = "cl_B7d4PD111AAA";
    static final String IGNORED_CATEGORY = "cl_I7d4PD111III";
    // Subjects of M2M tokens are machine ids (tokens/machine.ts M2M_SUBJECT_PREFIX).
    static final String MACHINE_SUBJECT_PREFIX = "mch_";

    private final Set<String> authorizedParties;
    private final JWTVerifier signatureAndTimes;

    @Inject
    public ClerkTokenVerifier(Settings settings) {
        this(jwtVerifier(ClerkSettings.signingKeys(settings), Clock.systemUTC()),
                ClerkSettings.authorizedParties(settings));
    }

    /**
     * @param keys where signing keys come from
     * @param authorizedParties origins allowed in {@code azp}; empty accepts any origin
     * @param clock the time expiry and key refresh are judged by
     */
    public ClerkTokenVerifier(SigningKeys keys, Collection<String> authorizedParties, Clock clock) {
        this(jwtVerifier(Objects.requireNonNull(keys, "keys"), clock),
                ClerkSettings.normalisedParties(authorizedParties));
    }

    /** {@code signatureAndTimes} is null when no key source is configured. */
    private ClerkTokenVerifier(JWTVerifier signatureAndTimes, Set<String> authorizedParties) {
        this.signatureAndTimes = signatureAndTimes;
        this.authorizedParties = authorizedParties;
    }

    /**
     * The caller of a request, from its {@code Authorization} header and {@code __session} cookie: the header's
     * token when it carries one ({@code Bearer <token>}), else the cookie's, as Clerk's backend SDK finds it.
     */
    public Caller authenticate(Optional<String> authorizationHeader, Optional<String> sessionCookie) {
        return verify(SessionTokens.find(authorizationHeader, sessionCookie).orElse(null));
    }

    public Caller verify(String token) {
        if (signatureAndTimes == null) {
            // A deployment error, not the caller's: it must surface as a 500 and be fixed, not look like a 401.
            throw new IllegalStateException("Setting " + JWKS_URL_SETTING + " or " + JWT_KEY_SETTING
                    + " must be set to verify Clerk session tokens");
        }
        if (token == null || token.isBlank()) {
            throw Refusal.unauthenticated("Missing session token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw Refusal.unauthenticated("Session token is too large");
        }
        DecodedJWT jwt = decode(token);
        // Before any key is looked up: the header is attacker-chosen, and only RS256 is ever trusted.
        if (!"RS256".equals(jwt.getHeaderClaim("alg").asString())) {
            throw Refusal.unauthenticated("Session token algorithm must be RS256");
        }
        Claim type = jwt.getHeaderClaim("typ");
        if (!type.isMissing() && !"JWT".equals(type.asString())) {
            throw Refusal.unauthenticated("Session token type must be JWT");
        }
        if (!isSessionTokenClass(jwt)) {
            throw Refusal.unauthenticated(NOT_A_SESSION_TOKEN);
        }
        verifySignatureAndTimes(jwt);
        return sessionCaller(jwt);
    }

    /**
     * Clerk signs several classes of JWT with the instance key; only a session token authenticates a
     * session. The rule is Clerk's backend SDK's (clerk/javascript at e21ae9a, 2026-08-21:
     * packages/backend/src/tokens/request.ts {@code authenticateRequestWithTokenInHeader} and the cookie
     * path answer "signed out, token-type-mismatch" before verifying when {@code isMachineJwt(token) ||
     * hasNonSessionJwtCategory(token)}):
     * <ul>
     *   <li>header {@code cat} (tokens/jwtCategories.ts {@code isNonSessionJwtCategory}): absent (tokens
     *       from before the category rollout), the session-token tag, or the tag of instances that ignore
     *       categories are accepted; anything else (JWT template, M2M, unknown, not a string) is not. This
     *       does not depend on the authorized parties: a template token may well carry an allowed {@code azp}.</li>
     *   <li>{@code sub} starting with {@code mch_} is a machine's M2M JWT (tokens/machine.ts {@code isM2MJwt}),
     *       with or without a {@code cat}. The other machine JWT, {@code typ: at+jwt}, is refused by the
     *       {@code typ} check already.</li>
     * </ul>
     * Checked before the signature, as Clerk does: the answer is a refusal either way, and no key is looked up.
     */
    private static boolean isSessionTokenClass(DecodedJWT jwt) {
        Claim category = jwt.getHeaderClaim("cat");
        if (!category.isMissing()) {
            String tag = category.asString();
            if (!SESSION_TOKEN_CATEGORY.equals(tag) && !IGNORED_CATEGORY.equals(tag)) {
                return false;
            }
        }
        String subject = jwt.getClaim("sub").asString();
        return subject == null || !subject.startsWith(MACHINE_SUBJECT_PREFIX);
    }

    private static DecodedJWT decode(String token) {
        try {
            return JWT.decode(token);
        } catch (RuntimeException e) {
            // java-jwt reports bad input as JWTDecodeException; whatever else its parser might throw on
            // attacker-shaped input is still the caller's bad token, never a 500.
            throw Refusal.unauthenticated("Session token is malformed");
        }
    }

    private void verifySignatureAndTimes(DecodedJWT jwt) {
        try {
            signatureAndTimes.verify(jwt);
        } catch (SignatureVerificationException e) {
            throw Refusal.unauthenticated("Session token signature is invalid");
        } catch (TokenExpiredException e) {
            throw Refusal.unauthenticated("Session token has expired");
        } catch (IncorrectClaimException e) {
            throw Refusal.unauthenticated(switch (e.getClaimName()) {
                case "nbf" -> "Session token is not valid yet";
                case "iat" -> "Session token was issued in the future";
                default -> "Session token is invalid";
            });
        } catch (JWTVerificationException e) {
            throw Refusal.unauthenticated("Session token is invalid");
        }
        // java-jwt only checks exp when present; a token that never expires is not a session token.
        if (jwt.getExpiresAtAsInstant() == null) {
            throw Refusal.unauthenticated("Session token has no expiry");
        }
    }

    private Caller sessionCaller(DecodedJWT jwt) {
        String userId = text(jwt, "sub");
        if (userId == null) {
            throw Refusal.unauthenticated("Session token has no subject");
        }
        if (!authorizedParties.isEmpty()) {
            String party = text(jwt, "azp");
            if (party == null) {
                // Clerk's current SDK rejects this too: without azp the token's origin cannot be vouched for.
                throw Refusal.unauthenticated("Session token has no authorized party");
            }
            if (!authorizedParties.contains(party)) {
                throw Refusal.unauthenticated("Session token is not from an authorized party");
            }
        }
        if ("pending".equals(text(jwt, "sts"))) {
            throw Refusal.unauthenticated("Session is pending");
        }
        String imageUrl = text(jwt, "image_url");
        return new Caller(userId, text(jwt, "sid"), text(jwt, "name"),
                imageUrl != null ? imageUrl : text(jwt, "picture"), text(jwt, "email"));
    }

    /** A claim's value when it is a non-blank string; anything else counts as absent. */
    private static String text(DecodedJWT jwt, String claim) {
        String value = jwt.getClaim(claim).asString();
        return value == null || value.isBlank() ? null : value;
    }

    private static JWTVerifier jwtVerifier(SigningKeys keys, Clock clock) {
        if (keys == null) {
            return null;
        }
        Algorithm rs256 = Algorithm.RSA256(new RSAKeyProvider() {
            @Override
            public RSAPublicKey getPublicKeyById(String keyId) {
                return keys.keyFor(keyId);
            }

            @Override
            public RSAPrivateKey getPrivateKey() {
                return null;
            }

            @Override
            public String getPrivateKeyId() {
                return null;
            }
        });
        // build(Clock) is only on BaseVerification; it lets tests judge expiry at a time they choose.
        return ((JWTVerifier.BaseVerification) JWT.require(rs256).acceptLeeway(CLOCK_SKEW_SECONDS)).build(clock);
    }

    /**
     * Verifies a session token signed with a throwaway key by a verifier that trusts only that key: the whole
     * verification path, and no request to Clerk.
     */
    @Override
    public void prime() {
        KeyPair keys = throwawayKeys();
        RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
        Instant now = Instant.now();
        String token = JWT.create()
                .withKeyId("snapstart-priming")
                .withSubject("user_snapstart_priming")
                .withClaim("sid", "sess_snapstart_priming")
                .withIssuedAt(now)
                .withNotBefore(now)
                .withExpiresAt(now.plusSeconds(60))
                .sign(Algorithm.RSA256(publicKey, (RSAPrivateKey) keys.getPrivate()));
        new ClerkTokenVerifier(keyId -> publicKey, List.of(), Clock.systemUTC()).verify(token);
    }

    private static KeyPair throwawayKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
