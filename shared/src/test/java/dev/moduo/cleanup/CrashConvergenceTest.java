package dev.moduo.cleanup;

import static dev.moduo.testing.FunctionTestEnvironment.caller;

import dev.moduo.core.Deadline;
import dev.moduo.session.CrashPoints;
import dev.moduo.session.Difficulty;
import dev.moduo.session.EndReason;
import dev.moduo.session.NewSession;
import dev.moduo.session.SessionService;
import dev.moduo.session.SessionView;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Kills create, join, end, a failed create's rollback and the cleanup itself between every pair of
 * their steps (an {@link Error} thrown at a {@link CrashPoints} point, which no business code
 * catches, as if the Lambda died there), then lets the cleanup run once the dead worker's lease has
 * run out, and checks that MongoDB and Stream agree.
 */
class CrashConvergenceTest {

    private static FunctionTestEnvironment env;
    private static ApplicationContext requests;
    private static ApplicationContext recordingRequests;
    private static ApplicationContext cleanup;
    private static final LaterClock CLEANUP_CLOCK = new LaterClock();
    private static int counter;

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment();
        requests = env.newContext().start();
        // Where the deployment records: its sessions' ends keep their calls, so a recorded end's steps can die too.
        recordingRequests = env.newContext(env.settings().with(java.util.Map.of("RECORDING", "on"))).start();
        cleanup = env.newContext();
        cleanup.registerSingleton(Clock.class, CLEANUP_CLOCK);
        cleanup.start();
    }

    @AfterAll
    static void stop() {
        cleanup.close();
        recordingRequests.close();
        requests.close();
        env.close();
    }

    /** Thrown at the armed step: the work stops there as if the process had died. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(String step) {
            super("simulated crash after " + step, null, false, false);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCrashPointConverges() {
        List<String> results = new ArrayList<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (String step : CrashPoints.CREATE) {
            tests.add(crashCase(results, "create crashes after " + step, () -> crashCreate(step, false)));
        }
        for (String step : CrashPoints.ROLLBACK) {
            tests.add(crashCase(results, "rollback of a failed create crashes after " + step, () -> crashCreate(step, true)));
        }
        for (String step : CrashPoints.JOIN) {
            tests.add(crashCase(results, "join crashes after " + step, () -> crashJoin(step)));
        }
        for (String step : CrashPoints.END) {
            tests.add(crashCase(results, "end crashes after " + step, () -> crashEnd(step)));
        }
        for (String step : CrashPoints.RECORDED_END) {
            tests.add(crashCase(results, "end of a recorded session crashes after " + step, () -> crashRecordedEnd(step)));
        }
        for (String step : List.of(CrashPoints.CLEANUP_CLAIMED, CrashPoints.ROLLBACK_CALL_DELETED,
                CrashPoints.ROLLBACK_STREAM_REMOVED)) {
            tests.add(crashCase(results, "cleanup rolling back a create crashes after " + step,
                    () -> crashCleanupRollingBack(step)));
        }
        for (String step : List.of(CrashPoints.CLEANUP_CLAIMED, CrashPoints.JOIN_USER_IN_STREAM,
                CrashPoints.JOIN_CHANNEL_MEMBER, CrashPoints.JOIN_CALL_MEMBER)) {
            tests.add(crashCase(results, "cleanup finishing a join crashes after " + step,
                    () -> crashCleanupFinishingJoin(step)));
        }
        for (String step : List.of(CrashPoints.CLEANUP_CLAIMED, CrashPoints.END_COMPLETED,
                CrashPoints.TEARDOWN_CALL_ENDED, CrashPoints.TEARDOWN_CALL_DELETED,
                CrashPoints.TEARDOWN_CHANNEL_DELETED)) {
            tests.add(crashCase(results, "cleanup ending an idle session crashes after " + step,
                    () -> crashCleanupEndingIdle(step)));
        }
        DynamicTest summary = DynamicTest.dynamicTest("every crash point converges", () -> {
            long consistent = results.stream().filter(line -> line.endsWith("consistent")).count();
            String text = "Crash matrix: " + results.size() + " crash points tried, " + consistent
                    + " final states consistent";
            System.out.println(String.join("\n", results) + "\n" + text);
            Assertions.assertEquals(results.size(), consistent, text);
        });
        return Stream.concat(tests.stream(), Stream.of(summary));
    }

    private static DynamicTest crashCase(List<String> results, String name, CrashCase body) {
        return DynamicTest.dynamicTest(name, () -> {
            List<String> problems = new ArrayList<>();
            try {
                body.run();
            } catch (Exception | AssertionError e) {
                problems.add("failed: " + e);
            }
            Convergence.problems(env).forEach(problem -> problems.add("final state: " + problem));
            results.add(String.format("%-70s | %s", name, problems.isEmpty() ? "consistent" : "PROBLEMS " + problems));
            Assertions.assertEquals(List.of(), problems, name);
        });
    }

    @FunctionalInterface
    interface CrashCase {
        void run() throws Exception;
    }

    // --- requests that die

    private static void crashCreate(String step, boolean failStreamFirst) {
        String host = "user_host_" + (++counter);
        if (failStreamFirst) {
            // A create only rolls back when Stream fails; the rollback then dies at the step.
            env.stream().failWhen(FaultMatrix.request("GetOrCreateChannel", host),
                    Fault.status(400, 4, "GetOrCreateChannel failed with error: \"refused\""), 1_000);
        }
        expectCrash(requests, step, () -> service().create(caller(host),
                new NewSession("Two Sum", Difficulty.EASY), request()));
        env.stream().clearFaults();
        heal(Duration.ofMinutes(10));
        long active = sessions().countDocuments(new Document("hostId", host).append("status", "active"));
        long expected = step.equals(CrashPoints.CREATE_ACTIVATED) ? 1 : 0;
        Assertions.assertEquals(expected, active, "active sessions of the host after the cleanup");
        Assertions.assertEquals(expected, sessions().countDocuments(new Document("hostId", host)),
                "sessions of the host after the cleanup");
    }

    private static void crashJoin(String step) {
        String guest = "user_guest_" + (++counter);
        SessionView session = env.seedSession("user_host_" + counter, "Two Sum");
        expectCrash(requests, step, () -> service().join(caller(guest), new ObjectId(session.id()), request()));
        heal(Duration.ofMinutes(10));
        Document stored = stored(session.id());
        Assertions.assertEquals(guest, stored.getString("participantId"));
        Assertions.assertEquals(Boolean.TRUE, stored.get("participantInStream"));
    }

    private static void crashEnd(String step) {
        String host = "user_host_" + (++counter);
        SessionView session = env.seedSession(host, "Two Sum");
        env.seedJoin(session.id(), "user_guest_" + counter);
        expectCrash(requests, step, () -> service().end(caller(host), new ObjectId(session.id()), request()));
        heal(Duration.ofMinutes(10));
        Document stored = stored(session.id());
        Assertions.assertEquals("completed", stored.getString("status"));
        Assertions.assertEquals("host", stored.getString("endedReason"));
    }

    /** The end dies with a recording running; the cleanup finishes it, and the call is kept for its recording. */
    private static void crashRecordedEnd(String step) {
        String host = "user_host_" + (++counter);
        SessionService recording = recordingRequests.getBean(SessionService.class);
        SessionView session = recording.create(caller(host), new NewSession("Two Sum", Difficulty.EASY), request()).session();
        env.seedJoin(session.id(), "user_guest_" + counter);
        env.stream().connectParticipant(session.callId(), host, "host-" + session.id());
        recordingRequests.getBean(dev.moduo.recording.RecordingService.class).start(caller(host), new ObjectId(session.id()),
                request());
        deliverStreamEvents();
        expectCrash(recordingRequests, step, () -> recording.end(caller(host), new ObjectId(session.id()), request()));
        heal(Duration.ofMinutes(10));
        deliverStreamEvents();
        heal(Duration.ofMinutes(20));
        Document stored = stored(session.id());
        Assertions.assertEquals("completed", stored.getString("status"));
        Assertions.assertNotNull(stored.get("callDeleteNotBefore"), "the call is kept for its recording");
        Assertions.assertFalse(env.stream().call(session.callId()).orElseThrow().deleted());
    }

    /** Plays Stream's side: what it would have sent by webhook, applied as the webhook function applies it. */
    private static void deliverStreamEvents() {
        for (var event : env.stream().takeEvents()) {
            recordingRequests.getBean(dev.moduo.webhook.StreamCallEvents.class).apply(event, request());
        }
    }

    // --- cleanup runs that die

    private static void crashCleanupRollingBack(String step) {
        String host = "user_host_" + (++counter);
        expectCrash(requests, CrashPoints.CREATE_CHANNEL_MADE, () -> service().create(caller(host),
                new NewSession("Two Sum", Difficulty.EASY), request()));
        crashCleanupThenHeal(step);
        Assertions.assertEquals(0, sessions().countDocuments(new Document("hostId", host)));
    }

    private static void crashCleanupFinishingJoin(String step) {
        String guest = "user_guest_" + (++counter);
        SessionView session = env.seedSession("user_host_" + counter, "Two Sum");
        expectCrash(requests, CrashPoints.JOIN_CLAIMED, () -> service().join(caller(guest), new ObjectId(session.id()), request()));
        crashCleanupThenHeal(step);
        Assertions.assertEquals(Boolean.TRUE, stored(session.id()).get("participantInStream"));
    }

    private static void crashCleanupEndingIdle(String step) {
        SessionView session = env.seedSession("user_host_" + (++counter), "Two Sum");
        // Only this session is idle at three hours: the earlier cases' sessions are completed or in use.
        touchAllOtherActiveSessions(session.id());
        crashCleanupThenHeal(step, Duration.ofHours(3));
        Document stored = stored(session.id());
        Assertions.assertEquals("completed", stored.getString("status"));
        Assertions.assertEquals(EndReason.EXPIRED.stored(), stored.getString("endedReason"));
    }

    private static void crashCleanupThenHeal(String step) {
        crashCleanupThenHeal(step, Duration.ofMinutes(10));
    }

    /** The first run dies at {@code step} holding its lease; a run after the lease has run out finishes. */
    private static void crashCleanupThenHeal(String step, Duration later) {
        CLEANUP_CLOCK.ahead(later);
        expectCrash(cleanup, step, () -> cleanup.getBean(SessionJanitor.class).run(Deadline.after(Duration.ofSeconds(50))));
        CleanupSummary early = janitorRun(later);
        Assertions.assertEquals(0, early.examined(), "a run while the dead run's lease holds must leave its session alone");
        heal(later.plus(Duration.ofMinutes(10)));
    }

    // --- helpers

    private static void expectCrash(ApplicationContext context, String step, Runnable work) {
        CrashPoints steps = context.getBean(CrashPoints.class);
        AtomicBoolean crashed = new AtomicBoolean();
        Consumer<String> crashAtStep = reached -> {
            if (reached.equals(step) && crashed.compareAndSet(false, true)) {
                throw new SimulatedCrash(step);
            }
        };
        steps.listen(crashAtStep);
        try {
            work.run();
            Assertions.fail("the work finished without passing " + step);
        } catch (SimulatedCrash expected) {
            Assertions.assertTrue(crashed.get());
        } finally {
            steps.stopListening();
        }
    }

    private static void heal(Duration later) {
        CleanupSummary summary = janitorRun(later);
        Assertions.assertTrue(summary.isClean(), "the healing run failed: " + summary);
        CleanupSummary again = janitorRun(later);
        Assertions.assertEquals(0, again.examined(), "a second run found work left: " + again);
    }

    private static CleanupSummary janitorRun(Duration later) {
        CLEANUP_CLOCK.ahead(later);
        return cleanup.getBean(SessionJanitor.class).run(Deadline.after(Duration.ofSeconds(50)));
    }

    private static void touchAllOtherActiveSessions(String except) {
        sessions().updateMany(new Document("status", "active").append("_id", new Document("$ne", new ObjectId(except))),
                new Document("$set", new Document("lastActivityAt", java.util.Date.from(Instant.now().plus(Duration.ofHours(4))))));
    }

    private static Deadline request() {
        return Deadline.after(Duration.ofSeconds(9));
    }

    private static SessionService service() {
        return requests.getBean(SessionService.class);
    }

    private static com.mongodb.client.MongoCollection<Document> sessions() {
        return env.mongo().database().getCollection("sessions");
    }

    private static Document stored(String sessionId) {
        return sessions().find(new Document("_id", new ObjectId(sessionId))).first();
    }
}
