package dev.moduo.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.mongo.testing.MongoTestServer;
import dev.moduo.session.Difficulty;
import dev.moduo.session.Session;
import dev.moduo.session.SessionStatus;
import dev.moduo.stream.EnvStreamCredentials;
import dev.moduo.stream.StreamException;
import dev.moduo.stream.StreamHttp;
import dev.moduo.stream.StreamVideoClient;
import dev.moduo.stream.testing.Fault;
import dev.moduo.stream.testing.StreamStandIn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When a recordable session's call may be hard-deleted: never while Stream may still keep or make a recording. */
class RecordingRetentionTest {

    private static final Instant ENDED = Instant.parse("2026-11-26T11:00:00Z");
    private static final String CALL = "call-1";

    private MongoTestServer mongo;
    private StreamStandIn standIn;
    private CallRecordingRepository recordings;
    private StreamVideoClient video;
    private RecordingRetention retention;
    private final Session session = new Session(new ObjectId(), "Two Sum", Difficulty.EASY, "host", "guest",
            SessionStatus.COMPLETED, CALL, ENDED.minusSeconds(3600), ENDED, ENDED, ENDED, "host", true, true)
            .withRecordable(true);

    @BeforeEach
    void start() {
        mongo = new MongoTestServer();
        standIn = new StreamStandIn();
        standIn.seedUser("host", "Host", null);
        Settings settings = Settings.of(standIn.settings());
        video = new StreamVideoClient(new StreamHttp(new EnvStreamCredentials(settings), settings));
        video.getOrCreateCall(CALL, "host", List.of(), Map.of(), true, deadline());
        recordings = new CallRecordingRepository(mongo.database());
        retention = new RecordingRetention(recordings, video);
    }

    @AfterEach
    void stop() {
        standIn.close();
        mongo.close();
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(5));
    }

    private void readyAt(Instant ready) {
        recordings.recordStarted(CALL, "EG_1", "composite", ENDED.minusSeconds(1200));
        recordings.recordStopped(CALL, "EG_1", "composite", ENDED);
        recordings.recordReady(CALL, "EG_1", "composite", new RecordingFile("a.mp4", ENDED.minusSeconds(1200), ENDED, ready));
    }

    /** A recording Stream made and kept that Moduo never heard of: started from a browser, its webhooks lost. */
    private String recordedWithoutModuo() {
        standIn.connectParticipant(CALL, "host", "host-session");
        video.startRecording(CALL, deadline());
        video.stopRecording(CALL, deadline());
        standIn.takeEvents();
        return video.listRecordings(CALL, deadline()).get(0).filename();
    }

    @Test
    void aRecordableCallIsKeptTwoHoursAfterTheEndEvenWithNothingRecordedThatModuoKnows() {
        assertEquals(Optional.of(ENDED.plus(Duration.ofHours(2))), retention.holdUntil(session, ENDED.plusSeconds(60), deadline()));
        assertEquals(0, standIn.requests("ListRecordings").size(), "nothing is asked of Stream before its time");
    }

    @Test
    void afterTheWaitACallStreamKeepsNothingOfMayGo() {
        assertEquals(Optional.empty(), retention.holdUntil(session, ENDED.plus(Duration.ofHours(2)), deadline()));
        assertEquals(1, standIn.requests("ListRecordings").size());
    }

    @Test
    void aReadyFileHoldsTheCallForStreamsTwoWeeks() {
        readyAt(ENDED.plusSeconds(120));

        assertEquals(Optional.of(ENDED.plusSeconds(120).plus(Duration.ofDays(14))),
                retention.holdUntil(session, ENDED.plus(Duration.ofHours(3)), deadline()));
    }

    @Test
    void afterStreamsTwoWeeksTheCallMayGo() {
        readyAt(ENDED.plusSeconds(120));

        assertEquals(Optional.empty(), retention.holdUntil(session, ENDED.plus(Duration.ofDays(15)), deadline()));
    }

    @Test
    void aFileStreamKeepsThatModuoNeverHeardOfIsRecordedAndKeepsTheCallForTwoWeeks() {
        String filename = recordedWithoutModuo();
        Instant afterTheWait = ENDED.plus(Duration.ofHours(2));

        Optional<Instant> held = retention.holdUntil(session, afterTheWait, deadline());

        assertEquals(Optional.of(afterTheWait.plus(Duration.ofDays(14))), held);
        assertEquals(List.of(filename), recordings.find(CALL).recordings().stream()
                .flatMap(recording -> recording.files().stream()).map(RecordingFile::filename).toList());
        assertEquals(held, retention.holdUntil(session, afterTheWait.plusSeconds(60), deadline()),
                "once recorded it is known: the same hold, without another listing deciding it");
    }

    @Test
    void whenStreamCannotSayTheDeleteWaits() {
        standIn.failNext("ListRecordings", Fault.unavailable(), 100);

        assertThrows(StreamException.class, () -> retention.holdUntil(session, ENDED.plus(Duration.ofHours(3)), deadline()));
    }
}
