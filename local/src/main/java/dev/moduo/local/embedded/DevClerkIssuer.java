package dev.moduo.local.embedded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.auth.testing.ClerkTestIssuer;
import dev.moduo.local.LocalJson;
import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * A development stand-in for Clerk: an RSA key made when first needed (the testkit's {@link ClerkTestIssuer}),
 * published as a JWKS on the runner's own port, and session tokens shaped like Clerk's for any user id.
 * Anyone who can reach the runner can sign in as anyone, which is why it exists only when no real
 * Clerk setting is given.
 *
 * <p>The tokens are what a real Clerk instance issues by default, so a local demo shows what production
 * shows: header {@code cat} the session-token category, claims {@code azp, exp, fva, iat, iss, jti, nbf,
 * sid, sts, sub, v} and no profile (no name, e-mail or image: Clerk adds those only as custom claims an
 * instance configures). Names reach the backend as they do in production, through a signed
 * {@code user.created} ({@link DevClerkWebhooks}).
 */
public final class DevClerkIssuer implements AutoCloseable {

    /** Longer than Clerk's 60 s, which the web SDK refreshes: a curl walk-through must not run out. */
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    /** The {@code azp} of a token asked for outside a browser: the web client's dev-server origin. */
    public static final String DEFAULT_AUTHORIZED_PARTY = ClerkTestIssuer.AUTHORIZED_PARTY;
    /** The {@code iss}, where a Clerk instance has its Frontend API URL; reserved .invalid, as it is nowhere. */
    static final String ISSUER = "https://clerk.moduo-local.invalid";

    // Making a 2048-bit RSA key is a second of CPU on a small busy machine: it is made on the first
    // token or JWKS request rather than while everything else starts.
    private ClerkTestIssuer issuer;
    private boolean closed;

    private synchronized ClerkTestIssuer issuer() {
        if (closed) {
            throw new IllegalStateException("The development issuer is stopped");
        }
        if (issuer == null) {
            issuer = new ClerkTestIssuer();
        }
        return issuer;
    }

    /**
     * A session token for {@code userId}.
     *
     * @param authorizedParty the {@code azp}: the origin of the page that asked Clerk for it
     */
    public String token(String userId, String authorizedParty) {
        return issuer().tokenFor(userId)
                .authorizedParty(authorizedParty)
                .claim("iss", ISSUER)
                .expiresAt(Instant.now().plus(TOKEN_LIFETIME))
                .build();
    }

    /** The public key as Clerk's dashboard shows it, for {@code CLERK_JWT_KEY} where no JWKS can be served. */
    public String publicKeyPem() {
        return issuer().publicKeyPem();
    }

    /** The JWKS as Clerk serves it at {@code /.well-known/jwks.json}. */
    public ObjectNode jwks() {
        RSAPublicKey key = issuer().publicKey();
        ObjectNode jwks = LocalJson.object();
        ArrayNode keys = jwks.putArray("keys");
        ObjectNode jwk = keys.addObject();
        jwk.put("use", "sig");
        jwk.put("kty", "RSA");
        jwk.put("kid", issuer().kid());
        jwk.put("alg", "RS256");
        jwk.put("n", unsignedBase64Url(key.getModulus()));
        jwk.put("e", unsignedBase64Url(key.getPublicExponent()));
        return jwks;
    }

    private static String unsignedBase64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (issuer != null) {
            issuer.close();
        }
    }
}
