package dev.moduo.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.auth.testing.MutableClock;
import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.http.UpstreamException;
import dev.moduo.secrets.testing.FakeSecretsManager;
import dev.moduo.stream.EnvStreamCredentials;
import dev.moduo.stream.StreamCredentials;
import dev.moduo.stream.StreamCredentialsSource;
import dev.moduo.testing.TestAws;
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

/** A secret read on first use, kept for its TTL, read again on invalidate; one read for concurrent callers. */
class CachedSecretTest {

    private static final String SECRET_ID = "moduo/prod/stream";
    private static final Duration TTL = Duration.ofMinutes(5);

    private final FakeSecretsManager aws = FakeSecretsManager.start();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));
    // The stand-in checks request dates against real time, so the SDK signs with the real clock; only the cache's clock is moved.
    private final SecretsManagerReader reader = TestAws.reader(aws);
    private final CachedSecret credentials = new CachedSecret(reader, SECRET_ID, TTL, clock);

    @AfterEach
    void stop() {
        reader.close();
        aws.close();
    }

    @Test
    void readsNothingUntilFirstUse() {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");
        new CachedSecret(reader, SECRET_ID, TTL, clock);

        assertEquals(0, aws.requestCount());
    }

    @Test
    void readsTheKeyAndSecretOnceForManyCalls() {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");

        for (int i = 0; i < 50; i++) {
            assertEquals(streamSecret("key-1", "secret-1"), credentials.current(deadline()));
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
        assertEquals("secret-1", apiSecret(credentials.current(deadline())), "still cached just before the TTL");
        assertEquals(1, aws.requestCount());

        clock.advance(Duration.ofSeconds(1));
        assertEquals("secret-2", apiSecret(credentials.current(deadline())), "read again at the TTL");
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
        String rotated = credentials.current(deadline());

        assertEquals(streamSecret("key-2", "secret-2"), rotated);
        assertEquals(2, aws.requestCount());
        credentials.current(deadline());
        assertEquals(2, aws.requestCount());
    }

    @Test
    void invalidateBeforeAnyReadIsHarmless() {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");

        credentials.invalidate();

        assertEquals("key-1", apiKey(credentials.current(deadline())));
        assertEquals(1, aws.requestCount());
    }

    @Test
    void aReadThatOverlapsAnInvalidateIsNotCached() throws Exception {
        aws.putStreamSecret(SECRET_ID, "key-1", "secret-1");
        aws.delayResponses(Duration.ofMillis(300));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> inFlight = pool.submit(() -> credentials.current(deadline()));
            waitForLookups(1);
            aws.putStreamSecret(SECRET_ID, "key-1", "secret-2");
            credentials.invalidate();

            assertEquals("secret-1", apiSecret(inFlight.get()), "the read answered before the rotation");
        } finally {
            pool.shutdownNow();
        }
        aws.delayResponses(Duration.ZERO);

        assertEquals("secret-2", apiSecret(credentials.current(deadline())));
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
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return credentials.current(deadline());
                }));
            }
            start.countDown();
            for (Future<String> result : results) {
                assertEquals(streamSecret("key-1", "secret-1"), result.get());
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
        assertEquals("key-1", apiKey(credentials.current(deadline())));
        assertEquals(3, aws.requestCount());
    }

    @Test
    void anInvalidTtlIsRefusedAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new CachedSecret(reader, SECRET_ID, Duration.ZERO, clock));
    }

    @Test
    void theValueIsNeverInItsTextForm() {
        aws.putSecret(SECRET_ID, "hunter2-secret");
        credentials.current(deadline());

        assertFalse(credentials.toString().contains("hunter2"), credentials.toString());
    }

    private static String streamSecret(String apiKey, String apiSecret) {
        return "{\"apiKey\":\"" + apiKey + "\",\"apiSecret\":\"" + apiSecret + "\"}";
    }

    private static String apiKey(String value) {
        return value.replaceAll(".*\"apiKey\":\"([^\"]*)\".*", "$1");
    }

    private static String apiSecret(String value) {
        return value.replaceAll(".*\"apiSecret\":\"([^\"]*)\".*", "$1");
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
