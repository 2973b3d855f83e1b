package dev.moduo.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.mongo.testing.MongoTestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionRepositoryTest {

    private MongoTestServer mongo;
    private SessionRepository repository;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void start() {
        mongo = new MongoTestServer();
        repository = new SessionRepository(mongo.database());
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private Session activeSession() {
        ObjectId id = new ObjectId();
        Lease lease = Lease.of("create:test", now, Duration.ofSeconds(10));
        repository.insertCreating(new Session(id, "Two Sum", Difficulty.EASY, "user_host", null,
                SessionStatus.CREATING, "call-" + id.toHexString(), now, now, now, null, null, false, false), lease);
        return repository.activate(id, lease.owner(), now).orElseThrow();
    }

    /**
     * Tests the claim's filter: the seat is taken in one findOneAndUpdate whose filter requires it to be free
     * (or the caller's own), so only one of the joiners matches. That MongoDB applies such an update atomically
     * is MongoDB's own promise, which no stand-in can demonstrate.
     */
    @Test
    void claimFilterAdmitsOneOfTwelveConcurrentJoiners() throws Exception {
        Session session = activeSession();
        int joiners = 12;
        ExecutorService pool = Executors.newFixedThreadPool(joiners);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < joiners; i++) {
            String user = "user_" + i;
            Callable<Boolean> join = () -> {
                start.await();
                return repository.claimParticipant(session.id(), user, now).isPresent();
            };
            results.add(pool.submit(join));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> result : results) {
            winners += result.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, winners);
        assertTrue(repository.findById(session.id()).orElseThrow().participantId().startsWith("user_"));
    }

    @Test
    void participantCanClaimTheSeatAgain() {
        Session session = activeSession();
        assertTrue(repository.claimParticipant(session.id(), "user_guest", now).isPresent());
        assertTrue(repository.claimParticipant(session.id(), "user_guest", now).isPresent());
        assertFalse(repository.claimParticipant(session.id(), "user_other", now).isPresent());
    }

    @Test
    void hostCannotClaimTheSeat() {
        Session session = activeSession();
        assertFalse(repository.claimParticipant(session.id(), "user_host", now).isPresent());
    }

    @Test
    void completedSessionCannotBeClaimed() {
        Session session = activeSession();
        assertTrue(repository.complete(session, EndReason.HOST, now).isPresent());
        assertFalse(repository.claimParticipant(session.id(), "user_guest", now).isPresent());
    }

    @Test
    void completingTwiceMatchesOnlyOnce() {
        Session session = activeSession();
        assertTrue(repository.complete(session, EndReason.HOST, now).isPresent());
        assertFalse(repository.complete(session, EndReason.HOST, now).isPresent());
        Session stored = repository.findById(session.id()).orElseThrow();
        assertEquals(SessionStatus.COMPLETED, stored.status());
        assertTrue(stored.teardownPending());
    }

    @Test
    void creatingSessionIsNotListedAndActiveOneIsNeverDeletedAsCreating() {
        ObjectId id = new ObjectId();
        Lease lease = Lease.of("create:test", now, Duration.ofSeconds(10));
        repository.insertCreating(new Session(id, "Two Sum", Difficulty.EASY, "user_host", null,
                SessionStatus.CREATING, "call-x", now, now, now, null, null, false, false), lease);
        assertTrue(repository.listActive(new PageRequest(20, null)).isEmpty());
        Session active = activeSession();
        assertFalse(repository.deleteCreating(active.id(), "create:test"));
        assertFalse(repository.deleteCreating(id, "cleanup:someone-else"), "only while its holder holds the lease");
        assertTrue(repository.deleteCreating(id, lease.owner()));
    }
}
