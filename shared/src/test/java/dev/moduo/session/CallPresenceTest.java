package dev.moduo.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.mongo.testing.MongoTestServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallPresenceTest {

    private static final Instant CREATED = Instant.parse("2026-11-26T09:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-26T09:30:00.000000001Z");
    private static final Instant T2 = Instant.parse("2026-11-26T09:30:00.000000002Z");
    private static final Instant T3 = Instant.parse("2026-11-26T09:31:00Z");

    private MongoTestServer mongo;
    private SessionRepository repository;
    private CallPresence presence;
    private Session session;

    @BeforeEach
    void start() {
        mongo = new MongoTestServer();
        repository = new SessionRepository(mongo.database());
        presence = new CallPresence(repository, Clock.fixed(NOW, ZoneOffset.UTC));
        session = activeSession();
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private Session activeSession() {
        ObjectId id = new ObjectId();
        Lease lease = Lease.of("create:test", CREATED, java.time.Duration.ofSeconds(10));
        repository.insertCreating(new Session(id, "Two Sum", Difficulty.EASY, "user_host", null,
                SessionStatus.CREATING, "call-" + id.toHexString(), CREATED, CREATED, CREATED, null, null, false, false), lease);
        return repository.activate(id, lease.owner(), CREATED).orElseThrow();
    }

    private int inCall() {
        return repository.findById(session.id()).orElseThrow().connectedUserIds().size();
    }

    @Test
    void nobodyIsInTheCallOfANewSession() {
        assertEquals(List.of(), session.connectedUserIds());
    }

    @Test
    void joinCountsTheUser() {
        assertTrue(presence.joined(session.callId(), "user_host", "us-1", T1));
        assertEquals(1, inCall());
    }

    @Test
    void twoConnectionsOfOneUserCountOnce() {
        presence.joined(session.callId(), "user_host", "us-1", T1);
        presence.joined(session.callId(), "user_host", "us-2", T2);
        assertEquals(1, inCall());
    }

    @Test
    void twoUsersCountTwice() {
        presence.joined(session.callId(), "user_host", "us-1", T1);
        presence.joined(session.callId(), "user_guest", "us-2", T2);
        assertEquals(2, inCall());
    }

    @Test
    void userStaysInTheCallUntilTheirLastConnectionLeaves() {
        presence.joined(session.callId(), "user_host", "us-1", T1);
        presence.joined(session.callId(), "user_host", "us-2", T1);
        presence.left(session.callId(), "user_host", "us-1", T2);
        assertEquals(1, inCall());
        presence.left(session.callId(), "user_host", "us-2", T3);
        assertEquals(0, inCall());
    }

    @Test
    void leaveThatOvertakesItsJoinLeavesNoGhost() {
        assertTrue(presence.left(session.callId(), "user_guest", "us-1", T2));
        assertFalse(presence.joined(session.callId(), "user_guest", "us-1", T1));
        assertEquals(0, inCall());
    }

    @Test
    void leaveAndJoinAtTheSameInstantLeaveTheConnectionOut() {
        presence.joined(session.callId(), "user_guest", "us-1", T1);
        assertTrue(presence.left(session.callId(), "user_guest", "us-1", T1));
        assertFalse(presence.joined(session.callId(), "user_guest", "us-1", T1));
        assertEquals(0, inCall());
    }

    @Test
    void connectionThatJoinsAgainLaterIsCountedAgain() {
        presence.joined(session.callId(), "user_guest", "us-1", T1);
        presence.left(session.callId(), "user_guest", "us-1", T2);
        assertTrue(presence.joined(session.callId(), "user_guest", "us-1", T3));
        assertEquals(1, inCall());
    }

    @Test
    void olderJoinDoesNotUndoANewerLeave() {
        presence.joined(session.callId(), "user_guest", "us-1", T1);
        presence.left(session.callId(), "user_guest", "us-1", T3);
        assertFalse(presence.joined(session.callId(), "user_guest", "us-1", T2));
        assertEquals(0, inCall());
    }

    @Test
    void lastActivityIsTheNewestEventTime() {
        presence.joined(session.callId(), "user_host", "us-1", T3);
        presence.left(session.callId(), "user_guest", "us-2", T1);
        assertEquals(T3, repository.findById(session.id()).orElseThrow().lastActivityAt());
    }

    @Test
    void eventFromTheFutureCountsAsActivityNow() {
        presence.joined(session.callId(), "user_host", "us-1", NOW.plusSeconds(3600));
        assertEquals(NOW, repository.findById(session.id()).orElseThrow().lastActivityAt());
    }

    @Test
    void completedSessionIsNotChanged() {
        repository.complete(session, EndReason.HOST, NOW);
        assertFalse(presence.joined(session.callId(), "user_host", "us-1", T1));
        assertNull(stored().get("connections"));
    }

    @Test
    void unknownCallChangesNothing() {
        assertFalse(presence.joined("no-such-call", "user_host", "us-1", T1));
        assertNull(stored().get("connections"));
    }

    @Test
    void connectionIdThatWouldBreakAFieldPathIsStoredUnderItsHash() {
        assertTrue(presence.joined(session.callId(), "user_host", "us.1$x", T1));
        assertEquals(1, inCall());
        Document connections = stored().get("connections", Document.class);
        String key = connections.keySet().iterator().next();
        assertTrue(key.startsWith("sha256-"), key);
        assertEquals("us.1$x", connections.get(key, Document.class).getString("userSessionId"));
        assertTrue(presence.left(session.callId(), "user_host", "us.1$x", T2));
        assertEquals(0, inCall());
    }

    @Test
    void storedEntryKeepsWhoWhenAndWhether() {
        presence.joined(session.callId(), "user_host", "us-1", T1);
        Document entry = stored().get("connections", Document.class).get("us-1", Document.class);
        assertEquals("user_host", entry.getString("userId"));
        assertEquals(true, entry.getBoolean("connected"));
        assertEquals(1795685400000000001L, entry.getLong("atNanos"));
    }

    private Document stored() {
        return mongo.database().getCollection(SessionRepository.COLLECTION).find(new Document("_id", session.id())).first();
    }
}
