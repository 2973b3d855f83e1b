package dev.moduo.secrets;

import dev.moduo.auth.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.config.Settings;
import dev.moduo.http.Deadline;
import dev.moduo.http.UpstreamException;
import dev.moduo.secrets.testing.FakeSecretsManager;
import dev.moduo.stream.EnvStreamCredentials;
import dev.moduo.stream.StreamCredentials;
import dev.moduo.stream.StreamCredentialsSource;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretsManagerStreamCredentialsTest {

    private static final String SECRET_ID = "moduo/prod/stream";
    private static final Duration TTL = Duration.ofMinutes(5);

    private final FakeSecretsManager aws = FakeSecretsManager.start();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));
    // The fake checks request dates against real time, so the client signs with the real clock; only the cache's clock is moved.
    private final SecretsManagerClient client = new SecretsManagerClient(Settings.of(aws.settings()));
    private final SecretsManagerStreamCredentials credentials =
            new SecretsManagerStreamCredentials(client, SECRET_ID, TTL, clock);

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void readsNothingUntilFirstUse() {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");
        new SecretsManagerStreamCredentials(Settings.of(withSecretId(aws.settings())));

        assertEquals(0, aws.requestCount());
    }

    @Test
    void readsTheKeyAndSecretOnceForManyCalls() {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");

        for (int i = 0; i < 50; i++) {
            StreamCredentials current = credentials.current(deadline());
            assertEquals(new StreamCredentials("key-1", "secret-1"), current);
            clock.advance(Duration.ofSeconds(5));
        }

        assertEquals(1, aws.requestCount());
    }

    @Test
    void readsAgainOnceTheTtlHasPassedAndPicksUpARotation() {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");
        credentials.current(deadline());
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-2");

        clock.advance(TTL.minusSeconds(1));
        assertEquals("secret-1", credentials.current(deadline()).apiSecret(), "still cached just before the TTL");
        assertEquals(1, aws.requestCount());

        clock.advance(Duration.ofSeconds(1));
        assertEquals("secret-2", credentials.current(deadline()).apiSecret(), "read again at the TTL");
        assertEquals(2, aws.requestCount());

        credentials.current(deadline());
        assertEquals(2, aws.requestCount(), "and cached again");
    }

    @Test
    void invalidateReadsAgainAtOnce() {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");
        credentials.current(deadline());
        aws.putStreamSecret(SECRET_ID, "key-2", "secret-2");

        credentials.invalidate();
        StreamCredentials rotated = credentials.current(deadline());

        assertEquals(new StreamCredentials("key-2", "secret-2"), rotated);
        assertEquals(2, aws.requestCount());
        credentials.current(deadline());
        assertEquals(2, aws.requestCount());
    }

    @Test
    void invalidateBeforeAnyReadIsHarmless() {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");

        credentials.invalidate();

        assertEquals("key-1", credentials.current(deadline()).apiKey());
        assertEquals(1, aws.requestCount());
    }

    @Test
    void aReadThatOverlapsAnInvalidateIsNotCached() throws Exception {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");
        aws.delayResponses(Duration.ofMillis(300));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<StreamCredentials> inFlight = pool.submit(() -> credentials.current(deadline()));
            waitForLookups(1);
            aws.putStreamSecret(SECRET_ID, "key-1", "secret-2");
            credentials.invalidate();

            assertEquals("secret-1", inFlight.get().apiSecret(), "the read answered before the rotation");
        } finally {
            pool.shutdownNow();
        }
        aws.delayResponses(Duration.ZERO);

        assertEquals("secret-2", credentials.current(deadline()).apiSecret());
        assertEquals(2, aws.requestCount());
    }

    @Test
    void concurrentCallersShareOneRead() throws Exception {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");
        aws.delayResponses(Duration.ofMillis(200));
        int callers = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<StreamCredentials>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return credentials.current(deadline());
                }));
            }
            start.countDown();
            for (Future<StreamCredentials> result : results) {
                assertEquals(new StreamCredentials("key-1", "secret-1"), result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, aws.requestCount());
    }

    @Test
    void aFailedReadIsNotCachedAndThrowsTheClientsError() {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");
        aws.failNext(2, 503, "ServiceUnavailable");

        UpstreamException failure = assertThrows(UpstreamException.class, () -> credentials.current(deadline()));

        assertEquals(503, failure.status());
        assertEquals("key-1", credentials.current(deadline()).apiKey());
        assertEquals(3, aws.requestCount());
    }

    @Test
    void aValueThatIsNotJsonNamesTheSecretButShowsNoValue() {
        aws.putSecret(SECRET_ID, "apiKey=key-1 apiSecret=hunter2-secret");

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> credentials.current(deadline()));

        assertTrue(failure.getMessage().contains(SECRET_ID), failure.getMessage());
        assertTrue(failure.getMessage().contains("not a JSON object"), failure.getMessage());
        assertFalse(failure.getMessage().contains("hunter2"), failure.getMessage());
        assertNull(failure.getCause(), "a parser error would quote the secret");
    }

    @Test
    void aMissingFieldIsNamedButNoValueIsShown() {
        aws.putSecret(SECRET_ID, "{\"apiKey\": \"key-visible-1\", \"apiSecrett\": \"hunter2-secret\"}");

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> credentials.current(deadline()));

        assertEquals("Secret '" + SECRET_ID + "' has no apiSecret field (a non-empty string is expected)", failure.getMessage());
        assertFalse(failure.getMessage().contains("hunter2"));
        assertFalse(failure.getMessage().contains("key-visible-1"));
    }

    @Test
    void anEmptyOrNonTextKeyIsMalformed() {
        aws.putSecret(SECRET_ID, "{\"apiKey\": 12345, \"apiSecret\": \"hunter2-secret\"}");
        IllegalStateException numeric = assertThrows(IllegalStateException.class, () -> credentials.current(deadline()));
        assertTrue(numeric.getMessage().contains("has no apiKey field"), numeric.getMessage());

        aws.putSecret(SECRET_ID, "{\"apiKey\": \"key-1\", \"apiSecret\": \"  \"}");
        IllegalStateException blank = assertThrows(IllegalStateException.class, () -> credentials.current(deadline()));
        assertTrue(blank.getMessage().contains("has no apiSecret field"), blank.getMessage());
    }

    @Test
    void readsTheSecretConfiguredInSettingsThroughTheConfiguredEndpoint() {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");
        Map<String, String> settings = withSecretId(aws.settings());
        settings.put("STREAM_SECRET_TTL", "PT30S");

        StreamCredentials current = new SecretsManagerStreamCredentials(Settings.of(settings)).current(deadline());

        assertEquals(new StreamCredentials("key-1", "secret-1"), current);
        assertEquals(1, aws.requestCount());
        assertEquals(List.of(), aws.refusals());
    }

    @Test
    void anInvalidTtlSettingIsRefusedAtConstruction() {
        Map<String, String> settings = withSecretId(aws.settings());
        settings.put("STREAM_SECRET_TTL", "five minutes");

        Settings.InvalidSettingException invalid = assertThrows(Settings.InvalidSettingException.class,
                () -> new SecretsManagerStreamCredentials(Settings.of(settings)));
        assertTrue(invalid.getMessage().contains("STREAM_SECRET_TTL"));
    }

    @Test
    void theFactoryUsesSecretsManagerWhenASecretIdIsSet() {
        StreamCredentialsFactory factory = new StreamCredentialsFactory();

        assertInstanceOf(SecretsManagerStreamCredentials.class,
                factory.streamCredentials(Settings.of(withSecretId(aws.settings()))));
        assertInstanceOf(EnvStreamCredentials.class,
                factory.streamCredentials(Settings.of(Map.of("STREAM_API_KEY", "k", "STREAM_API_SECRET", "s"))));
        assertEquals(0, aws.requestCount());
    }

    @Test
    void micronautWiresTheFactory() {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");
        try (ApplicationContext context = ApplicationContext.builder()
                .singletons(Settings.of(withSecretId(aws.settings())))
                .start()) {
            StreamCredentialsSource source = context.getBean(StreamCredentialsSource.class);

            assertInstanceOf(SecretsManagerStreamCredentials.class, source);
            assertEquals("key-1", source.current(deadline()).apiKey());
        }
    }

    @Test
    void withoutASecretIdTheEnvironmentSourceExplainsWhatToSet() {
        StreamCredentialsSource source = new StreamCredentialsFactory().streamCredentials(Settings.of(Map.of()));

        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> source.current(deadline()));
        assertEquals("Stream credentials are not configured: set STREAM_SECRET_ID, or STREAM_API_KEY and STREAM_API_SECRET",
                missing.getMessage());
    }

    private static Map<String, String> withSecretId(Map<String, String> settings) {
        Map<String, String> copy = new HashMap<>(settings);
        copy.put("STREAM_SECRET_ID", SECRET_ID);
        return copy;
    }

    private void waitForRequests(int count) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (aws.requestCount() < count && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(count, aws.requestCount());
    }

    /** Waits until the fake has looked the secret up, so a rotation after this cannot change its answer. */
    private void waitForLookups(int count) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (aws.lookupCount() < count && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(count, aws.lookupCount());
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(5));
    }

}
