package dev.moduo.cleanup;

import static dev.moduo.testing.FunctionTestEnvironment.caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.core.Deadline;
import dev.moduo.core.Json;
import dev.moduo.core.Refusal;
import dev.moduo.session.CrashPoints;
import dev.moduo.session.Difficulty;
import dev.moduo.session.NewSession;
import dev.moduo.session.SessionService;
import dev.moduo.session.SessionView;
import dev.moduo.stream.StreamException;
import dev.moduo.stream.testing.Fault;
import dev.moduo.testing.Convergence;
import dev.moduo.testing.FaultMatrix;
import dev.moduo.testing.FunctionTestEnvironment;
import dev.moduo.testing.LaterClock;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionJanitorTest {

    private static final Duration LONG = Duration.ofSeconds(50);
    /** Stream refusing outright: a failure like any other for the cleanup, without the client's retries. */
    private static final Fault REFUSED = Fault.status(403, 17, "not allowed");

    private static final LaterClock LATER = new LaterClock();
    private static FunctionTestEnvironment env;
    private static ApplicationContext requests;
    private static ApplicationContext cleanup;

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment();
        requests = env.newContext().start();
        cleanup = env.newContext();
        cleanup.registerSingleton(Clock.class, LATER);
        cleanup.start();
    }

    @AfterAll
    static void stop() {
        cleanup.close();
        requests.close();
        env.close();
    }

    /** Each test starts from nothing: no sessions, no users, an empty Stream, the default settings. */
    @BeforeEach
    void clean() {
        env.mongo().database().getCollection("sessions").deleteMany(new Document());
        env.mongo().database().getCollection("users").deleteMany(new Document());
        env.stream().reset();
        requests.getBean(CrashPoints.class).stopListening();
        cleanup.getBean(CrashPoints.class).stopListening();
        for (String setting : List.of(CleanupSettings.STALE_SESSION_AFTER, CleanupSettings.CLEANUP_MAX_SESSIONS,
                CleanupSettings.CLEANUP_BATCH_SIZE)) {
            env.set(setting, "");
        }
    }

    /** One run as a cleanup {@code later} from now would do it, with the default settings. */
    private CleanupSummary runLater(Duration later) {
        LATER.ahead(later);
        return cleanup.getBean(SessionJanitor.class).run(Deadline.after(LONG));
    }

    private SessionView seed(String host) {
        return env.seedSession(host, "Two Sum");
    }

    private Document stored(String id) {
        return env.mongo().database().getCollection("sessions").find(new Document("_id", new ObjectId(id))).first();
    }

    private long endCallsFor(String callId) {
        return env.stream().requests("EndCall").stream().filter(request -> request.path().contains(callId)).count();
    }

    @Test
    void idleSessionWithNobodyInTheCallEndsLikeAHostsEnd() {
        SessionView session = seed("user_host");

        CleanupSummary summary = runLater(Duration.ofHours(3));

        assertEquals(1, summary.ended());
        assertEquals(0, summary.failed());
        Document stored = stored(session.id());
        assertEquals("completed", stored.getString("status"));
        assertEquals("expired", stored.getString("endedReason"));
        assertFalse(stored.getBoolean("teardownPending"));
        assertTrue(env.stream().call(session.callId()).orElseThrow().ended());
        assertTrue(env.stream().call(session.callId()).orElseThrow().hardDeleted());
        assertTrue(env.stream().channel(session.callId()).isEmpty());
        assertEquals(List.of(), Convergence.problems(env));
    }

    @Test
    void idleSessionWhoseCallHasNoActiveSessionIsEndedAsExpiredAndTheRunReportsNoFailure() {
        env.stream().refuseParticipantsQueryWithoutSession(true);
        SessionView session = seed("user_host");

        CleanupSummary summary = runLater(Duration.ofHours(3));

        assertEquals(1, summary.ended());
        assertEquals(0, summary.failed());
        assertEquals(1, env.stream().requests("QueryCallParticipants").size());
        Document stored = stored(session.id());
        assertEquals("completed", stored.getString("status"));
        assertEquals("expired", stored.getString("endedReason"));
        assertFalse(stored.getBoolean("teardownPending"));
        assertEquals(List.of(), Convergence.problems(env));
    }

    @Test
    void idleSessionWithSomeoneInTheCallIsLeftAloneAndNotLookedAtAgainSoon() {
        SessionView session = seed("user_host");
        env.stream().connectParticipant(session.callId(), "user_host", "browser-1");

        CleanupSummary summary = runLater(Duration.ofHours(3));

        assertEquals(1, summary.inUse());
        assertEquals(0, summary.ended());
        Document stored = stored(session.id());
        assertEquals("active", stored.getString("status"));
        assertNull(stored.get("lease"));
        assertTrue(stored.getDate("lastActivityAt").toInstant().isAfter(Instant.now().plus(Duration.ofHours(2))),
                "someone in the call counts as activity");
        assertEquals(0, endCallsFor(session.callId()));
        assertEquals(0, runLater(Duration.ofHours(3)).examined());
    }

    @Test
    void sessionUsedRecentlyIsNotExamined() {
        SessionView session = seed("user_host");

        CleanupSummary summary = runLater(Duration.ofMinutes(119));

        assertEquals(0, summary.examined());
        assertEquals("active", stored(session.id()).getString("status"));
        assertTrue(env.stream().requests("QueryCallParticipants").isEmpty());
    }

    @Test
    void staleSessionAfterSettingDecidesWhenASessionIsIdle() {
        env.set(CleanupSettings.STALE_SESSION_AFTER, "PT30M");
        SessionView session = seed("user_host");

        assertEquals(0, env.runCleanup(Duration.ofMinutes(20)).ended());
        assertEquals(1, env.runCleanup(Duration.ofMinutes(31)).ended());
        assertEquals("completed", stored(session.id()).getString("status"));
    }

    @Test
    void aJoinSinceTheSessionWentIdleKeepsItActive() {
        env.set(CleanupSettings.STALE_SESSION_AFTER, "PT1S");
        SessionView session = seed("user_host");
        // The join lands after the cleanup read the page but before it ends the session.
        try (ApplicationContext cleanup = env.newContextLater(Duration.ofSeconds(2)).start()) {
            cleanup.getBean(CrashPoints.class).listen(step -> {
                if (step.equals(CrashPoints.CLEANUP_CLAIMED)) {
                    env.mongo().database().getCollection("sessions").updateOne(
                            new Document("_id", new ObjectId(session.id())),
                            new Document("$set", new Document("lastActivityAt", Date.from(Instant.now().plusSeconds(5)))));
                }
            });
            CleanupSummary summary = cleanup.getBean(SessionJanitor.class).run(Deadline.after(LONG));
            assertEquals(0, summary.ended());
        }
        assertEquals("active", stored(session.id()).getString("status"));
        assertNull(stored(session.id()).get("lease"));
    }

    @Test
    void whenStreamCannotSayWhoIsConnectedTheSessionStaysActiveAndIsFreeForTheNextRun() {
        SessionView session = seed("user_host");
        env.stream().failNext("QueryCallParticipants", REFUSED, 1_000);

        CleanupSummary summary = runLater(Duration.ofHours(3));

        assertEquals(1, summary.failed());
        assertEquals(0, summary.ended());
        assertEquals("active", stored(session.id()).getString("status"));
        assertNull(stored(session.id()).get("lease"));
        env.stream().clearFaults();
        assertEquals(1, runLater(Duration.ofHours(3)).ended());
    }

    @Test
    void aTeardownThatFailsIsFinishedByTheNextRun() {
        SessionView session = seed("user_host");
        env.stream().failNext("DeleteChannel", REFUSED, 1_000);

        CleanupSummary first = runLater(Duration.ofHours(3));
        assertEquals(1, first.ended());
        assertEquals(1, first.failed());
        assertTrue(stored(session.id()).getBoolean("teardownPending"));

        env.stream().clearFaults();
        CleanupSummary second = runLater(Duration.ofHours(3));
        assertEquals(1, second.teardownsFinished());
        assertEquals(List.of(), Convergence.problems(env));
    }

    @Test
    void aCreateStillWithinItsLeaseIsLeftToItsRequest() {
        String host = "user_host";
        CrashPoints steps = requests.getBean(CrashPoints.class);
        List<CleanupSummary> during = new ArrayList<>();
        // A cleanup run at the very moment the create is between Stream and its last step.
        steps.listen(step -> {
            if (step.equals(CrashPoints.CREATE_CHANNEL_MADE)) {
                during.add(runLater(Duration.ZERO));
            }
        });

        requests.getBean(SessionService.class).create(caller(host),
                new NewSession("Two Sum", Difficulty.EASY), Deadline.after(Duration.ofSeconds(9)));

        assertEquals(0, during.get(0).examined());
        assertEquals(List.of(), Convergence.problems(env));
    }

    @Test
    void aCreateThatOverranItsLeaseCannotActivateWhatTheCleanupIsRemoving() {
        CrashPoints steps = requests.getBean(CrashPoints.class);
        List<CleanupSummary> during = new ArrayList<>();
        steps.listen(step -> {
            if (step.equals(CrashPoints.CREATE_CHANNEL_MADE)) {
                during.add(runLater(Duration.ofMinutes(10)));
            }
        });

        Refusal failure = assertThrows(Refusal.class, () -> requests.getBean(SessionService.class)
                .create(caller("user_host"), new NewSession("Two Sum", Difficulty.EASY),
                        Deadline.after(Duration.ofSeconds(9))));

        assertEquals(Refusal.Kind.UNAVAILABLE, failure.kind());
        assertEquals(SessionService.CREATE_TIMED_OUT, failure.getMessage());
        assertEquals(1, during.get(0).rolledBack());
        assertEquals(0, env.mongo().database().getCollection("sessions").countDocuments());
        assertEquals(List.of(), Convergence.problems(env));
    }

    @Test
    void aCreateThatCouldNotRemoveItsStreamSideHandsItToTheVeryNextRunAndSoDoesAFailedRollback() {
        env.stream().failWhen(FaultMatrix.request("GetOrCreateChannel", "user_host"), REFUSED, 1_000);
        env.stream().failNext("DeleteCall", REFUSED, 1_000);
        assertThrows(StreamException.class, () -> requests.getBean(SessionService.class).create(caller("user_host"),
                new NewSession("Two Sum", Difficulty.EASY), Deadline.after(Duration.ofSeconds(9))));
        Document left = env.mongo().database().getCollection("sessions").find().first();
        assertEquals("creating", left.getString("status"));
        assertFalse(left.get("lease", Document.class).getDate("until").toInstant().isAfter(Instant.now()),
                "a request that has answered holds no lease");
        CleanupSummary whileStreamIsDown = runLater(Duration.ZERO);
        assertEquals(1, whileStreamIsDown.failed());
        env.stream().clearFaults();

        CleanupSummary summary = runLater(Duration.ZERO);

        assertEquals(1, summary.rolledBack());
        assertEquals(List.of(), Convergence.problems(env));
    }

    @Test
    void aCreatingSessionRecordedWithoutALeaseIsTakenForAbandonedOnlyAfterTheLongestLambdaRun() {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ObjectId id = new ObjectId();
        // A create of an older release recorded its session without a lease.
        env.mongo().database().getCollection("sessions").insertOne(new Document("_id", id)
                .append("problemTitle", "Two Sum").append("difficulty", "easy").append("hostId", "user_host")
                .append("participantId", null).append("status", "creating").append("callId", "call-" + id.toHexString())
                .append("createdAt", java.util.Date.from(now)).append("updatedAt", java.util.Date.from(now))
                .append("lastActivityAt", java.util.Date.from(now)));

        assertEquals(0, runLater(Duration.ofMinutes(14)).examined());
        assertEquals(1, runLater(Duration.ofMinutes(16)).rolledBack());
        assertEquals(0, env.mongo().database().getCollection("sessions").countDocuments());
    }

    @Test
    void aRunStopsClaimingWhenLessThanOneSessionsBudgetIsLeft() {
        seed("user_host_1");
        seed("user_host_2");
        try (ApplicationContext cleanup = env.newContextLater(Duration.ofHours(3)).start()) {
            CleanupSummary summary = cleanup.getBean(SessionJanitor.class)
                    .run(Deadline.after(CleanupSettings.DEFAULT_SESSION_BUDGET.minusMillis(1)));
            assertEquals(0, summary.examined());
            assertTrue(summary.stoppedEarly());
        }
        assertEquals(2, env.mongo().database().getCollection("sessions").countDocuments(new Document("status", "active")));
    }

    @Test
    void aRunExaminesAtMostMaxSessionsAndTheNextRunGoesOn() {
        env.set(CleanupSettings.CLEANUP_MAX_SESSIONS, "2");
        env.set(CleanupSettings.CLEANUP_BATCH_SIZE, "1");
        for (int i = 0; i < 3; i++) {
            seed("user_host_" + i);
        }

        CleanupSummary first = env.runCleanup(Duration.ofHours(3));
        CleanupSummary second = env.runCleanup(Duration.ofHours(3));

        assertEquals(2, first.ended());
        assertTrue(first.stoppedEarly());
        assertEquals(1, second.ended());
        assertFalse(second.stoppedEarly());
    }

    @Test
    void overlappingRunsEndEachSessionExactlyOnce() throws Exception {
        List<SessionView> sessions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sessions.add(seed("user_host_" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try (ApplicationContext a = env.newContextLater(Duration.ofHours(3)).start();
             ApplicationContext b = env.newContextLater(Duration.ofHours(3)).start()) {
            List<Future<CleanupSummary>> runs = new ArrayList<>();
            for (ApplicationContext context : List.of(a, b)) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return context.getBean(SessionJanitor.class).run(Deadline.after(LONG));
                }));
            }
            go.countDown();
            int ended = 0;
            for (Future<CleanupSummary> run : runs) {
                ended += run.get().ended();
            }
            assertEquals(8, ended);
        } finally {
            pool.shutdownNow();
        }
        for (SessionView session : sessions) {
            assertEquals(1, endCallsFor(session.callId()), "EndCall requests for " + session.callId());
        }
        assertEquals(List.of(), Convergence.problems(env));
    }

    @Test
    void summaryLineIsEmbeddedMetricFormat() {
        CleanupSummary summary = new CleanupSummary("cleanup:1", 5, 1, 2, 1, 1, 1, 0, 0, 1, 0, false, null, 42);

        var line = CleanupMetrics.line(summary, "moduo-CleanupStaleSessionsFunction-abc", Instant.ofEpochMilli(1_700_000_000_000L));

        assertEquals("WARN", line.path("level").asText());
        assertEquals(5, line.path("examined").asInt());
        assertEquals(1, line.path("failed").asInt());
        assertEquals("moduo-CleanupStaleSessionsFunction-abc", line.path("FunctionName").asText());
        var aws = line.path("_aws");
        assertEquals(1_700_000_000_000L, aws.path("Timestamp").asLong());
        var directive = aws.path("CloudWatchMetrics").path(0);
        assertEquals(CleanupMetrics.NAMESPACE, directive.path("Namespace").asText());
        assertEquals("FunctionName", directive.path("Dimensions").path(0).path(0).asText());
        Set<String> metrics = new java.util.HashSet<>();
        directive.path("Metrics").forEach(metric -> {
            metrics.add(metric.path("Name").asText());
            assertEquals("Count", metric.path("Unit").asText());
            assertTrue(line.path(metric.path("Name").asText()).isNumber(), "each metric is a number at the top level");
        });
        assertEquals(Set.of("examined", "ended", "repaired", "failed"), metrics);
        assertFalse(Json.write(line).contains("\n"), "one line");
    }

    @Test
    void settingsHaveTheirDocumentedDefaultsAndRejectNonsense() {
        CleanupSettings defaults = CleanupSettings.from(dev.moduo.config.Settings.of(java.util.Map.of()));
        assertEquals(Duration.ofHours(2), defaults.staleAfter());
        assertEquals(25, defaults.batchSize());
        assertEquals(200, defaults.maxSessions());
        assertThrows(IllegalStateException.class, () -> CleanupSettings.from(
                dev.moduo.config.Settings.of(java.util.Map.of(CleanupSettings.STALE_SESSION_AFTER, "2 hours"))));
        assertThrows(IllegalStateException.class, () -> CleanupSettings.from(
                dev.moduo.config.Settings.of(java.util.Map.of(CleanupSettings.CLEANUP_BATCH_SIZE, "0"))));
    }

    @Test
    void laterClockContextsSeeLeasesAsExpired() {
        // Guards the test helper the other tests rely on.
        try (ApplicationContext later = env.newContextLater(Duration.ofMinutes(10)).start()) {
            assertTrue(later.getBean(Clock.class).instant().isAfter(Instant.now().plus(Duration.ofMinutes(9))));
        }
    }
}
