package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.stream.testing.Fault;
import dev.moduo.stream.testing.RecordedRequest;
import dev.moduo.stream.testing.StreamStandIn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transport behaviour, seen through the user client's upsert (the simplest idempotent request). */
class StreamHttpTest {

    private static final List<StreamUser> ADA = List.of(new StreamUser("ada", "Ada", null));

    private StandInClients stream;

    @BeforeEach
    void start() {
        stream = new StandInClients();
    }

    @AfterEach
    void stop() {
        stream.close();
    }

    @Test
    void everyRequestCarriesApiKeyBareServerTokenAndStreamHeaders() {
        stream.users.upsertUsers(ADA, StandInClients.deadline());

        RecordedRequest request = stream.standIn.requests().get(0);
        assertEquals(stream.standIn.apiKey(), request.query().get("api_key"));
        assertEquals("jwt", request.header("Stream-Auth-Type").orElseThrow());
        assertEquals("application/json", request.header("Content-Type").orElseThrow());
        assertEquals("moduo-java-1.0", request.header("X-Stream-Client").orElseThrow());
        DecodedJWT token = JWT.require(Algorithm.HMAC256(stream.standIn.apiSecret())).build()
                .verify(request.header("Authorization").orElseThrow());
        assertEquals(Boolean.TRUE, token.getClaim("server").asBoolean());
        long skew = Instant.now().getEpochSecond() - token.getIssuedAtAsInstant().getEpochSecond();
        assertTrue(skew >= 4 && skew <= 7, "iat is about 5 s in the past, was " + skew);
        assertEquals(List.of(), stream.standIn.violations());
    }

    @Test
    void serverTokenIsReusedAcrossRequests() {
        stream.users.upsertUsers(ADA, StandInClients.deadline());
        stream.users.upsertUsers(ADA, StandInClients.deadline());

        List<RecordedRequest> requests = stream.standIn.requests();
        assertEquals(requests.get(0).header("Authorization"), requests.get(1).header("Authorization"));
    }

    @Test
    void baseUrlWithTrailingSlashStillReachesTheApiPaths() {
        Settings settings = stream.settings.with(Map.of("STREAM_BASE_URL", stream.standIn.baseUrl() + "/"));
        StreamHttp http = new StreamHttp(new EnvStreamCredentials(settings), settings);

        new StreamUserClient(http).upsertUsers(ADA, StandInClients.deadline());

        assertEquals("/api/v2/users", stream.standIn.requests().get(0).path());
        assertEquals(List.of(), stream.standIn.violations());
    }

    @Test
    void baseUrlThatIsNotHttpIsRefusedNamingTheSetting() {
        Settings settings = Settings.of(Map.of("STREAM_BASE_URL", "chat.stream-io-api.com"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                new StreamHttp(new EnvStreamCredentials(settings), settings));
        assertTrue(e.getMessage().contains("STREAM_BASE_URL"));
    }

    @Test
    void serverErrorsAreRetriedUntilSuccess() {
        stream.standIn.failNext("UpdateUsers", Fault.internalError(), 2);

        stream.users.upsertUsers(ADA, StandInClients.deadline());

        assertEquals(3, stream.standIn.requests().size());
        assertTrue(stream.standIn.user("ada").isPresent());
    }

    @Test
    void serviceUnavailableIsRetriedUntilSuccess() {
        stream.standIn.failNext("/api/v2/users$", Fault.unavailable(), 1);

        stream.users.upsertUsers(ADA, StandInClients.deadline());

        assertEquals(2, stream.standIn.requests().size());
        assertTrue(stream.standIn.user("ada").isPresent());
    }

    @Test
    void rateLimitIsRetriedOnceTheWindowResets() {
        stream.standIn.failNext("UpdateUsers", Fault.rateLimited(Duration.ofMillis(500)), 1);

        stream.users.upsertUsers(ADA, StandInClients.deadline());

        List<RecordedRequest> requests = stream.standIn.requests();
        assertEquals(2, requests.size());
        // The reset is a whole Unix second at least 500 ms after the 429; plain backoff would come back after ~150 ms.
        Instant earliestReset = Instant.ofEpochSecond(requests.get(0).receivedAt().plusMillis(500 + 999).getEpochSecond());
        assertFalse(requests.get(1).receivedAt().isBefore(earliestReset.minusMillis(20)),
                "retried at " + requests.get(1).receivedAt() + ", before the reset at " + earliestReset);
    }

    @Test
    void rateLimitRetryAfterIsHonoured() {
        stream.standIn.failNext("UpdateUsers", Fault.rateLimitedWithRetryAfter(Duration.ofSeconds(1)), 1);

        stream.users.upsertUsers(ADA, StandInClients.deadline());

        List<RecordedRequest> requests = stream.standIn.requests();
        assertEquals(2, requests.size());
        Duration waited = Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt());
        assertTrue(waited.toMillis() >= 950, "waited " + waited);
    }

    @Test
    void rateLimitResettingAfterTheDeadlineFailsAtOnceWith503() {
        stream.standIn.failNext("UpdateUsers", Fault.rateLimited(Duration.ofSeconds(30)), 1);
        long started = System.nanoTime();

        StreamException e = assertThrows(StreamException.class, () ->
                stream.users.upsertUsers(ADA, Deadline.after(Duration.ofSeconds(3))));

        assertEquals(503, e.status());
        assertEquals(StreamException.UNAVAILABLE, e.getMessage());
        assertEquals(429, e.streamHttpStatus());
        assertEquals(9, e.streamCode());
        assertTrue(elapsed(started).toMillis() < 1000, "took " + elapsed(started));
        assertEquals(1, stream.standIn.requests().size());
    }

    @Test
    void droppedConnectionIsRetried() {
        stream.standIn.failNext("UpdateUsers", Fault.dropConnection(), 1);

        stream.users.upsertUsers(ADA, StandInClients.deadline());

        assertTrue(stream.standIn.user("ada").isPresent());
        assertTrue(stream.standIn.requests().size() >= 2);
    }

    @Test
    void hangingStreamFailsWith503WithinTheDeadline() {
        stream.standIn.failNext("UpdateUsers", Fault.hang(), 10);
        long started = System.nanoTime();

        StreamException e = assertThrows(StreamException.class, () ->
                stream.users.upsertUsers(ADA, Deadline.after(Duration.ofMillis(1500))));

        Duration took = elapsed(started);
        assertEquals(503, e.status());
        assertEquals(0, e.streamHttpStatus());
        assertTrue(took.toMillis() >= 1400 && took.toMillis() < 2000, "took " + took);
        assertEquals(1, stream.standIn.requests().size());
    }

    @Test
    void serverErrorsUntilTheDeadlineFailWith503WithoutOverrunningIt() {
        stream.standIn.failNext("UpdateUsers", Fault.internalError(), 100);
        long started = System.nanoTime();

        StreamException e = assertThrows(StreamException.class, () ->
                stream.users.upsertUsers(ADA, Deadline.after(Duration.ofMillis(1500))));

        assertEquals(503, e.status());
        assertEquals(500, e.streamHttpStatus());
        assertEquals(-1, e.streamCode());
        assertTrue(elapsed(started).toMillis() < 1900, "took " + elapsed(started));
        assertTrue(stream.standIn.requests().size() >= 2, "retried at least once");
    }

    @Test
    void persistentServerErrorsStopAfterTheLastAttempt() {
        stream.standIn.failNext("UpdateUsers", Fault.internalError(), 100);

        StreamException e = assertThrows(StreamException.class, () ->
                stream.users.upsertUsers(ADA, Deadline.after(Duration.ofSeconds(20))));

        assertEquals(503, e.status());
        assertEquals(StreamHttp.MAX_ATTEMPTS, stream.standIn.requests().size());
    }

    @Test
    void unreachableStreamFailsWith503WithinTheDeadline() {
        String baseUrl = stream.standIn.baseUrl();
        stream.standIn.close();
        Settings settings = stream.settings.with(Map.of("STREAM_BASE_URL", baseUrl));
        StreamUserClient users = new StreamUserClient(new StreamHttp(new EnvStreamCredentials(settings), settings));
        long started = System.nanoTime();

        StreamException e = assertThrows(StreamException.class, () ->
                users.upsertUsers(ADA, Deadline.after(Duration.ofMillis(1500))));

        assertEquals(503, e.status());
        assertNotNull(e.getCause());
        assertTrue(elapsed(started).toMillis() < 2000, "took " + elapsed(started));
    }

    @Test
    void expiredDeadlineFailsWith503WithoutSending() {
        StreamException e = assertThrows(StreamException.class, () ->
                stream.users.upsertUsers(ADA, Deadline.after(Duration.ZERO)));

        assertEquals(503, e.status());
        assertEquals(List.of(), stream.standIn.requests());
    }

    @Test
    void badRequestIsRejectedWith502WithoutRetry() {
        stream.standIn.failNext("UpdateUsers", Fault.status(400, 4, "UpdateUsers failed with error: \"bad user\""), 1);

        StreamException e = assertThrows(StreamException.class, () ->
                stream.users.upsertUsers(ADA, StandInClients.deadline()));

        assertEquals(502, e.status());
        assertEquals(StreamException.REJECTED, e.getMessage());
        assertEquals("UpdateUsers", e.operation());
        assertEquals(400, e.streamHttpStatus());
        assertEquals(4, e.streamCode());
        assertEquals(400, e.streamStatusCode());
        assertEquals("UpdateUsers failed with error: \"bad user\"", e.streamMessage());
        assertTrue(e.getCause().getMessage().contains("bad user"), "operators find Stream's message in the cause");
        assertEquals(1, stream.standIn.requests().size());
    }

    @Test
    void forbiddenIsRejectedWith502WithoutRetry() {
        stream.standIn.failNext("UpdateUsers", Fault.status(403, 17, "not allowed"), 1);

        StreamException e = assertThrows(StreamException.class, () ->
                stream.users.upsertUsers(ADA, StandInClients.deadline()));

        assertEquals(502, e.status());
        assertEquals(1, stream.standIn.requests().size());
    }

    @Test
    void unauthorizedInvalidatesCredentialsAndRetriesOnceWithTheRotatedSecret() {
        RotatingCredentials credentials = new RotatingCredentials(stream.standIn.apiKey(), "old-secret", stream.standIn.apiSecret());
        StreamUserClient users = new StreamUserClient(new StreamHttp(credentials, stream.settings));

        users.upsertUsers(ADA, StandInClients.deadline());

        assertEquals(1, credentials.invalidations.get());
        assertEquals(2, stream.standIn.requests().size());
        assertTrue(stream.standIn.user("ada").isPresent());
        assertEquals(1, stream.standIn.violations().size());
        assertTrue(stream.standIn.violations().get(0).contains("signature"), stream.standIn.violations().get(0));
    }

    @Test
    void unauthorizedAfterReReadingCredentialsIsRejectedWith502WithoutTheSecret() {
        String secret = "wrong-secret-that-must-stay-hidden";
        RotatingCredentials credentials = new RotatingCredentials(stream.standIn.apiKey(), secret, secret);
        StreamUserClient users = new StreamUserClient(new StreamHttp(credentials, stream.settings));

        StreamException e = assertThrows(StreamException.class, () -> users.upsertUsers(ADA, StandInClients.deadline()));

        assertEquals(502, e.status());
        assertEquals(401, e.streamHttpStatus());
        assertEquals(43, e.streamCode());
        assertEquals(1, credentials.invalidations.get());
        assertEquals(2, stream.standIn.requests().size());
        String token = stream.standIn.requests().get(0).header("Authorization").orElseThrow();
        for (String text : new String[] {e.getMessage(), e.toString(), e.getCause().getMessage(), e.getCause().toString(),
                String.valueOf(e.streamMessage())}) {
            assertFalse(text.contains(secret), text);
            assertFalse(text.contains(token), text);
        }
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** A source holding a stale secret until invalidated, like a cache after the secret was rotated. */
    private static final class RotatingCredentials implements StreamCredentialsSource {
        private final String apiKey;
        private final String rotatedSecret;
        private final AtomicInteger invalidations = new AtomicInteger();
        private volatile String secret;

        RotatingCredentials(String apiKey, String staleSecret, String rotatedSecret) {
            this.apiKey = apiKey;
            this.secret = staleSecret;
            this.rotatedSecret = rotatedSecret;
        }

        @Override
        public StreamCredentials current(Deadline deadline) {
            return new StreamCredentials(apiKey, secret);
        }

        @Override
        public void invalidate() {
            invalidations.incrementAndGet();
            secret = rotatedSecret;
        }
    }
}
