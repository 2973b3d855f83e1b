package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.moduo.auth.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StreamServerTokenCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final ServerTokenCache cache = new ServerTokenCache(clock);

    @Test
    void tokenIsAServerTokenSignedWithTheSecretAndBackdated() {
        String token = cache.tokenFor(new StreamCredentials("k", "secret-a"));

        DecodedJWT jwt = JWT.decode(token);
        Algorithm.HMAC256("secret-a").verify(jwt);
        assertEquals(Boolean.TRUE, jwt.getClaim("server").asBoolean());
        assertEquals(Instant.parse("2026-03-01T09:59:55Z"), jwt.getIssuedAtAsInstant());
    }

    @Test
    void tokenIsKeptForTheSameSecret() {
        String first = cache.tokenFor(new StreamCredentials("k", "secret-a"));
        clock.advance(Duration.ofMinutes(59));

        assertEquals(first, cache.tokenFor(new StreamCredentials("k", "secret-a")));
    }

    @Test
    void tokenIsRebuiltWhenTheSecretChanges() {
        String first = cache.tokenFor(new StreamCredentials("k", "secret-a"));

        String second = cache.tokenFor(new StreamCredentials("k", "secret-b"));

        assertNotEquals(first, second);
        Algorithm.HMAC256("secret-b").verify(JWT.decode(second));
    }

    @Test
    void tokenIsRebuiltAfterAnHour() {
        String first = cache.tokenFor(new StreamCredentials("k", "secret-a"));
        clock.advance(Duration.ofHours(1));

        String second = cache.tokenFor(new StreamCredentials("k", "secret-a"));

        assertNotEquals(first, second);
        assertEquals(Instant.parse("2026-03-01T10:59:55Z"), JWT.decode(second).getIssuedAtAsInstant());
    }

}
