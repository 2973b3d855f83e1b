package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamTokenIssuerTest {

    private static final String SECRET = "token-test-secret";
    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.700Z");

    @Test
    void tokenCarriesUserIdBackdatedIatAndExpAfterTheConfiguredTtl() {
        StreamToken token = issuer(Map.of("STREAM_TOKEN_TTL", "PT2H")).issue("user_2NNEqL2nrIRdJ", deadline());

        DecodedJWT jwt = ((JWTVerifier.BaseVerification) JWT.require(Algorithm.HMAC256(SECRET)))
                .build(Clock.fixed(NOW, ZoneOffset.UTC)).verify(token.token());
        assertEquals("HS256", jwt.getAlgorithm());
        assertEquals("user_2NNEqL2nrIRdJ", jwt.getClaim("user_id").asString());
        assertEquals(Instant.parse("2026-03-01T10:15:25Z"), jwt.getIssuedAtAsInstant());
        assertEquals(Instant.parse("2026-03-01T12:15:30Z"), jwt.getExpiresAtAsInstant());
        assertEquals(jwt.getExpiresAtAsInstant(), token.expiresAt());
        assertEquals("key-1", token.apiKey());
        assertTrue(jwt.getClaim("server").isMissing());
    }

    @Test
    void ttlDefaultsToSixHoursSoOneTokenPerPageLoadOutlivesTheInterview() {
        StreamToken token = issuer(Map.of()).issue("u1", deadline());

        assertEquals(Instant.parse("2026-03-01T16:15:30Z"), token.expiresAt());
    }

    @Test
    void tokenIsNotValidWithAnotherSecret() {
        StreamToken token = issuer(Map.of()).issue("u1", deadline());

        assertThrows(SignatureVerificationException.class, () ->
                Algorithm.HMAC256("other-secret").verify(JWT.decode(token.token())));
    }

    @Test
    void invalidTtlSettingIsReportedByName() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                issuer(Map.of("STREAM_TOKEN_TTL", "one hour")).issue("u1", deadline()));

        assertTrue(e.getMessage().contains("STREAM_TOKEN_TTL"), e.getMessage());
    }

    @Test
    void blankUserIdIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> issuer(Map.of()).issue(" ", deadline()));
    }

    @Test
    void tokenToStringDoesNotShowTheToken() {
        StreamToken token = issuer(Map.of()).issue("u1", deadline());

        assertFalse(token.toString().contains(token.token()), token.toString());
        assertTrue(token.toString().contains("key-1"));
    }

    private static StreamTokenIssuer issuer(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        values.put("STREAM_API_KEY", "key-1");
        values.put("STREAM_API_SECRET", SECRET);
        Settings settings = Settings.of(values);
        return new StreamTokenIssuer(new EnvStreamCredentials(settings), settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(1));
    }
}
