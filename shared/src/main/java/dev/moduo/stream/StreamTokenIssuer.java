package dev.moduo.stream;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Signs the user tokens the browser's Stream SDK connects with. Signing is local (HMAC with the API
 * secret); the credentials source is the only thing that may need the network.
 */
@Singleton
public class StreamTokenIssuer {

    public static final String TTL_SETTING = "STREAM_TOKEN_TTL";
    /**
     * The web client fetches one token per page load and has no token provider, so a token that expires during
     * the interview breaks the SDK's reconnection. The cleanup never ends a session while someone is in its
     * call, so no interview has a hard end; six hours outlasts any interview Moduo is meant for (a long on-site
     * loop is four) with room to spare, and a reload renews the token.
     */
    public static final Duration DEFAULT_TTL = Duration.ofHours(6);
    /** Backdated so that a Stream clock a little behind ours does not reject it (code 42). */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final StreamCredentialsSource credentials;
    private final Settings settings;
    private final Clock clock;

    @Inject
    public StreamTokenIssuer(StreamCredentialsSource credentials, Settings settings) {
        this(credentials, settings, Clock.systemUTC());
    }

    StreamTokenIssuer(StreamCredentialsSource credentials, Settings settings, Clock clock) {
        this.credentials = credentials;
        this.settings = settings;
        this.clock = clock;
    }

    /** A token for {@code userId} that expires after {@value #TTL_SETTING} (ISO-8601, default PT6H). */
    public StreamToken issue(String userId, Deadline deadline) {
        StreamIds.userId(userId);
        Duration ttl = settings.duration(TTL_SETTING, DEFAULT_TTL);
        StreamCredentials current = credentials.current(deadline);
        // JWT times are whole seconds; truncating first makes expiresAt equal the exp claim.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(ttl);
        String token = JWT.create()
                .withClaim("user_id", userId)
                .withIssuedAt(now.minus(CLOCK_SKEW))
                .withExpiresAt(expiresAt)
                .sign(Algorithm.HMAC256(current.apiSecret()));
        return new StreamToken(token, current.apiKey(), expiresAt);
    }
}
