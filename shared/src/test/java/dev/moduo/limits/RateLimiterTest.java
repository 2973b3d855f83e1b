package dev.moduo.limits;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.auth.Caller;
import dev.moduo.auth.testing.MutableClock;
import dev.moduo.config.Settings;
import dev.moduo.core.Refusal;
import dev.moduo.mongo.testing.MongoTestServer;
import dev.moduo.stream.StreamUserClient;
import dev.moduo.user.UserProfile;
import dev.moduo.user.UserRepository;
import dev.moduo.user.UserService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The limiter against MongoDB over the wire (mongo-java-server through the real driver). */
class RateLimiterTest {

    /** 30 s before a window ends (windows start on the hour, UTC). */
    private static final Instant NEAR_THE_END = Instant.parse("2026-03-02T10:59:30Z");

    private MongoTestServer mongo;
    private final MutableClock clock = new MutableClock(NEAR_THE_END);

    @BeforeEach
    void start() {
        mongo = new MongoTestServer();
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    /** A new limiter, as a new execution environment builds it: nothing shared with earlier ones but MongoDB. */
    private RateLimiter limiter(int createLimit) {
        return limiter(Settings.of(Map.of(LimitedAction.CREATE_SESSION.setting(), Integer.toString(createLimit))));
    }

    private RateLimiter limiter(Settings settings) {
        // Counting reads and writes MongoDB only: a Stream client without a connection shows it calls no Stream.
        UserService users = new UserService(new UserRepository(mongo.database()), new StreamUserClient(null), clock);
        return new RateLimiter(users, settings, clock);
    }

    private static Caller caller(String userId) {
        return new Caller(userId, "sess_" + userId, null, null, null);
    }

    private static boolean admitted(RateLimiter limiter, String user) {
        try {
            limiter.admit(caller(user), LimitedAction.CREATE_SESSION);
            return true;
        } catch (Refusal refusal) {
            assertEquals(Refusal.Kind.TOO_MANY_REQUESTS, refusal.kind());
            return false;
        }
    }

    /** Submits {@code count} requests of {@code user}, all waiting for {@code go}. */
    private static List<Future<Boolean>> burst(ExecutorService pool, CountDownLatch go, RateLimiter limiter, String user, int count) {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return admitted(limiter, user);
            }));
        }
        return results;
    }

    private static int admittedCount(List<Future<Boolean>> results) throws Exception {
        int admitted = 0;
        for (Future<Boolean> result : results) {
            admitted += result.get() ? 1 : 0;
        }
        return admitted;
    }

    @Test
    void aConcurrentBurstOfOneUserAdmitsExactlyTheLimit() throws Exception {
        RateLimiter limiter = limiter(10);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = burst(pool, go, limiter, "user_burst", 40);
            go.countDown();
            assertEquals(10, admittedCount(results));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherUserIsAdmittedInFullDuringOneUsersBurst() throws Exception {
        RateLimiter limiter = limiter(5);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> noisy = burst(pool, go, limiter, "user_noisy", 60);
            List<Future<Boolean>> quiet = burst(pool, go, limiter, "user_quiet", 5);
            go.countDown();
            assertEquals(5, admittedCount(quiet));
            assertEquals(5, admittedCount(noisy));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefusalSaysWhatWasLimitedAndToRetryWhenTheWindowEnds() {
        RateLimiter limiter = limiter(2);
        limiter.admit(caller("user_a"), LimitedAction.CREATE_SESSION);
        limiter.admit(caller("user_a"), LimitedAction.CREATE_SESSION);
        Refusal refusal = assertThrows(Refusal.class, () -> limiter.admit(caller("user_a"), LimitedAction.CREATE_SESSION));
        assertEquals(Refusal.Kind.TOO_MANY_REQUESTS, refusal.kind());
        assertEquals(Duration.ofSeconds(30), refusal.retryAfter().orElseThrow());
        assertEquals("Too many sessions created: at most 2 per hour. Retry in 30 seconds.", refusal.getMessage());
    }

    @Test
    void aUserIsAdmittedAgainOnceTheWindowIsOver() {
        RateLimiter limiter = limiter(1);
        limiter.admit(caller("user_a"), LimitedAction.CREATE_SESSION);
        assertThrows(Refusal.class, () -> limiter.admit(caller("user_a"), LimitedAction.CREATE_SESSION));
        clock.advance(Duration.ofSeconds(29));
        assertThrows(Refusal.class, () -> limiter.admit(caller("user_a"), LimitedAction.CREATE_SESSION));
        clock.advance(Duration.ofSeconds(1));
        assertDoesNotThrow(() -> limiter.admit(caller("user_a"), LimitedAction.CREATE_SESSION));
    }

    @Test
    void theCountSurvivesANewExecutionEnvironment() {
        limiter(1).admit(caller("user_a"), LimitedAction.CREATE_SESSION);
        assertThrows(Refusal.class, () -> limiter(1).admit(caller("user_a"), LimitedAction.CREATE_SESSION));
    }

    @Test
    void actionsAreCountedApart() {
        RateLimiter limiter = limiter(1);
        limiter.admit(caller("user_a"), LimitedAction.CREATE_SESSION);
        assertDoesNotThrow(() -> limiter.admit(caller("user_a"), LimitedAction.JOIN_SESSION));
        assertDoesNotThrow(() -> limiter.admit(caller("user_a"), LimitedAction.STREAM_TOKEN));
    }

    @Test
    void theCountLivesInTheUsersRecordOneNumberPerHour() {
        RateLimiter limiter = limiter(3);
        for (int i = 0; i < 10; i++) {
            admitted(limiter, "user_a");
        }
        assertEquals(new Document(Long.toString(NEAR_THE_END.getEpochSecond() / 3600), 10L), counts("user_a"));
    }

    @Test
    void aCountOfTheDayBeforeIsDroppedByTheNextRequest() {
        RateLimiter limiter = limiter(3);
        admitted(limiter, "user_a");
        clock.advance(Duration.ofHours(23));
        admitted(limiter, "user_a");

        assertEquals(new Document(Long.toString(NEAR_THE_END.getEpochSecond() / 3600 + 23), 1L), counts("user_a"));
    }

    @Test
    void aCountLeftBeforeAnAbsenceOfMoreThanADayIsDroppedWhenTheUserComesBack() {
        RateLimiter limiter = limiter(3);
        admitted(limiter, "user_a");
        clock.advance(Duration.ofDays(9));
        admitted(limiter, "user_a");
        clock.advance(Duration.ofDays(30));
        admitted(limiter, "user_a");

        assertEquals(new Document(Long.toString(NEAR_THE_END.getEpochSecond() / 3600 + 39 * 24), 1L), counts("user_a"));
    }

    /** The user's counts of created sessions, by hour. */
    private Document counts(String userId) {
        Document user = mongo.database().getCollection(UserRepository.COLLECTION).find(new Document("clerkId", userId)).first();
        return user.get(UserRepository.LIMITS, Document.class).get("create", Document.class);
    }

    @Test
    void admittingAnswersTheCallersProfileMadeFromTheTokenWhenNew() {
        UserProfile profile = limiter(3).admit(new Caller("user_new", "sess_1", "Ada Lovelace", null, null),
                LimitedAction.CREATE_SESSION);
        assertEquals("Ada Lovelace", profile.name());
        assertEquals(profile.id(), mongo.database().getCollection(UserRepository.COLLECTION).find().first().getObjectId("_id"));
    }

    @Test
    void defaultsAreFarAboveAnInterviewersHour() {
        RateLimiter limiter = limiter(Settings.of(Map.of()));
        assertEquals(20, limiter.limit(LimitedAction.CREATE_SESSION));
        assertEquals(120, limiter.limit(LimitedAction.JOIN_SESSION));
        assertEquals(120, limiter.limit(LimitedAction.STREAM_TOKEN));
    }

    @Test
    void aLimitBelowOneIsASettingErrorNamingTheSetting() {
        RateLimiter limiter = limiter(Settings.of(Map.of("SESSION_JOIN_LIMIT", "0")));
        var e = assertThrows(Settings.InvalidSettingException.class, () -> limiter.admit(caller("user_a"), LimitedAction.JOIN_SESSION));
        assertTrue(e.getMessage().contains("SESSION_JOIN_LIMIT"), e.getMessage());
    }
}
