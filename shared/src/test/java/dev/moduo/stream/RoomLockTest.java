package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.session.CrashPoints;
import dev.moduo.session.Difficulty;
import dev.moduo.session.Session;
import dev.moduo.session.SessionStatus;
import dev.moduo.session.SessionStreamResources;
import dev.moduo.stream.testing.StreamBrowserClient;
import dev.moduo.stream.testing.StreamBrowserClient.Answer;
import java.time.Instant;
import java.util.List;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stream keeps the room to its two people once the app is set up: a session's call and channel made the way
 * create and join make them, then the browsers of host, participant and an outsider (a valid user token and
 * the call id, which every session payload shows) asking Stream to join and watch.
 */
class RoomLockTest {

    private static final Instant CREATED = Instant.parse("2026-03-02T10:00:00Z");

    private final StandInClients stream = new StandInClients();
    private final SessionStreamResources resources = new SessionStreamResources(stream.video, stream.chat, new CrashPoints());
    private final StreamTokenIssuer tokens = new StreamTokenIssuer(new EnvStreamCredentials(stream.settings), stream.settings);
    private final Session session = new Session(new ObjectId(), "Two Sum", Difficulty.EASY, "host-1", "guest-1",
            SessionStatus.ACTIVE, "call-" + new ObjectId().toHexString(), CREATED, CREATED, CREATED, null, null, false, false);

    @BeforeEach
    void openSession() {
        for (String user : List.of("host-1", "guest-1", "outsider-1")) {
            stream.standIn.seedUser(user, user, null);
        }
        resources.setUp(session, StandInClients.deadline());
        resources.addParticipant(session, "guest-1", StandInClients.deadline());
    }

    @AfterEach
    void stop() {
        assertEquals(List.of(), stream.standIn.violations());
        stream.close();
    }

    @Test
    void withStreamDefaultsAnOutsiderJoinsTheCall() {
        assertEquals(201, browser("outsider-1").joinCall(session.callId(), true).status());
    }

    @Test
    void afterTheSetUpAnOutsiderIsRefusedAtTheCallWithCode17() {
        lock();

        Answer answer = browser("outsider-1").joinCall(session.callId(), true);

        assertEquals(403, answer.status());
        assertEquals(17, answer.code());
        assertTrue(answer.message().contains("JoinCall"), answer.message());
    }

    @Test
    void afterTheSetUpHostAndParticipantJoinTheCall() {
        lock();

        assertEquals(201, browser("host-1").joinCall(session.callId(), true).status());
        assertEquals(201, browser("guest-1").joinCall(session.callId(), true).status());
        assertEquals(List.of("host-1", "guest-1"), stream.standIn.call(session.callId()).orElseThrow().memberIds());
    }

    @Test
    void afterTheSetUpAnOutsiderCannotCreateACallWithJoin() {
        lock();

        Answer answer = browser("outsider-1").joinCall("call-made-up", true);

        assertEquals(403, answer.status());
        assertEquals(17, answer.code());
        assertTrue(stream.standIn.call("call-made-up").isEmpty());
    }

    @Test
    void afterTheSetUpHostAndParticipantWatchTheChannel() {
        lock();

        assertEquals(201, browser("host-1").watchChannel(session.callId()).status());
        assertEquals(201, browser("guest-1").watchChannel(session.callId()).status());
    }

    @Test
    void anOutsiderCannotReadTheChannel() {
        lock();

        Answer answer = browser("outsider-1").watchChannel(session.callId());

        assertEquals(403, answer.status());
        assertEquals(17, answer.code());
        assertTrue(answer.message().contains("ReadChannel"), answer.message());
    }

    @Test
    void withStreamDefaultsAnOutsiderRecreatesTheDeletedChannel() {
        resources.tearDown(session, StandInClients.deadline());

        assertEquals(201, browser("outsider-1").watchChannel(session.callId()).status());
        assertEquals("outsider-1", stream.standIn.channel(session.callId()).orElseThrow().createdById());
    }

    @Test
    void afterTheSetUpAnOutsiderCannotRecreateTheDeletedChannel() {
        lock();
        resources.tearDown(session, StandInClients.deadline());

        Answer answer = browser("outsider-1").watchChannel(session.callId());

        assertEquals(403, answer.status());
        assertEquals(17, answer.code());
        assertTrue(answer.message().contains("CreateChannel"), answer.message());
        assertTrue(stream.standIn.channel(session.callId()).isEmpty());
    }

    @Test
    void afterTheSetUpTheBackendStillCreatesCallsAndChannels() {
        lock();
        Session next = new Session(new ObjectId(), "Two Sum", Difficulty.EASY, "host-1", null, SessionStatus.CREATING,
                "call-" + new ObjectId().toHexString(), CREATED, CREATED, CREATED, null, null, false, false);

        resources.setUp(next, StandInClients.deadline());

        assertTrue(stream.standIn.call(next.callId()).isPresent());
        assertTrue(stream.standIn.channel(next.callId()).isPresent());
    }

    private void lock() {
        new StreamAppSetup(stream.http).run(StandInClients.deadline());
    }

    private StreamBrowserClient browser(String userId) {
        String token = tokens.issue(userId, StandInClients.deadline()).token();
        return new StreamBrowserClient(stream.standIn.baseUrl(), stream.standIn.apiKey(), token);
    }
}
