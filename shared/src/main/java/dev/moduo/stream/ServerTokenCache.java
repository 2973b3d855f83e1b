package dev.moduo.stream;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The server JWT ({@code {"server": true, "iat": ...}}) for the current secret. Building one costs an
 * HMAC, so it is kept and rebuilt only when the secret changes or it is an hour old (so that its
 * {@code iat} never looks stale if Stream starts revoking by issue time).
 */
final class ServerTokenCache {

    static final Duration MAX_AGE = Duration.ofHours(1);
    /** Backdated so that a Stream clock a little behind ours does not reject it (code 42). */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final Clock clock;
    private volatile Entry entry;

    ServerTokenCache(Clock clock) {
        this.clock = clock;
    }

    String tokenFor(StreamCredentials credentials) {
        Entry current = entry;
        Instant now = clock.instant();
        if (current == null || !current.secret.equals(credentials.apiSecret())
                || Duration.between(current.builtAt, now).compareTo(MAX_AGE) >= 0) {
            current = new Entry(credentials.apiSecret(), build(credentials.apiSecret(), now), now);
            entry = current;
        }
        return current.token;
    }

    private static String build(String secret, Instant now) {
        return JWT.create()
                .withClaim("server", true)
                .withIssuedAt(now.minus(CLOCK_SKEW))
                .sign(Algorithm.HMAC256(secret));
    }

    /** A plain class, not a record: a generated toString would print the secret and the token. */
    private static final class Entry {
        private final String secret;
        private final String token;
        private final Instant builtAt;

        private Entry(String secret, String token, Instant builtAt) {
            this.secret = secret;
            this.token = token;
            this.builtAt = builtAt;
        }
    }
}
