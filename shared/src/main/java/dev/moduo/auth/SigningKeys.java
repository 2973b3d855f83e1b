package dev.moduo.auth;

import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;

/**
 * Where the public keys that sign Clerk session tokens come from.
 * An implementation answers with a key, or throws a {@link dev.moduo.core.Refusal} (unauthenticated) when no key
 * can be trusted for the token, or {@link SigningKeysUnavailable} when the keys cannot be obtained right now.
 */
public interface SigningKeys {

    /** The key for a token whose header carries {@code keyId} (may be null when the header has none). */
    RSAPublicKey keyFor(String keyId);

    /**
     * Keys published at a JWKS URL, fetched on first need and cached.
     * Nothing is fetched or parsed here, so building it costs nothing on a cold start.
     */
    static SigningKeys jwks(URI url, Clock clock) {
        return new JwksSigningKeys(new JwksClient(url), clock);
    }

    /**
     * One networkless key in PEM (SPKI) form, parsed now so a bad value fails at start-up.
     *
     * @throws IllegalArgumentException when the value is not an RSA public key in PEM form
     */
    static SigningKeys pem(String pem) {
        RSAPublicKey key = PemPublicKey.parse(pem);
        // Clerk's PEM carries no key id: it is the instance's one key, whatever kid a token names.
        return keyId -> key;
    }
}
