package dev.moduo.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moduo.mongo.testing.MongoTestServer;
import dev.moduo.session.Difficulty;
import dev.moduo.session.Session;
import dev.moduo.session.SessionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When a recorded session's call may be hard-deleted. */
class RecordingRetentionTest {

    private static final Instant ENDED = Instant.parse("2026-11-26T11:00:00Z");
    private static final String CALL = "call-1";

    private MongoTestServer mongo;
    private CallRecordingRepository recordings;
    private RecordingRetention retention;
    private final Session session = new Session(new ObjectId(), "Two Sum", Difficulty.EASY, "h", "p", SessionStatus.COMPLETED,
            CALL, ENDED.minusSeconds(3600), ENDED, ENDED, ENDED, "host", true, true).withRecordable(true);

    @BeforeEach
    void start() {
        mongo = new MongoTestServer();
        recordings = new CallRecordingRepository(mongo.database());
        retention = new RecordingRetention(recordings);
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private void readyAt(Instant ready) {
        recordings.recordStarted(CALL, "EG_1", "composite", ENDED.minusSeconds(1200));
        recordings.recordStopped(CALL, "EG_1", "composite", ENDED);
        recordings.recordReady(CALL, "EG_1", "composite",
                new RecordingFile("a.mp4", "u", ENDED.minusSeconds(1200), ENDED, "s", ready));
    }

    @Test
    void aCallNeverRecordedMayGoAtOnce() {
        assertEquals(Optional.empty(), retention.holdUntil(session, ENDED));
    }

    @Test
    void aRecordingStillBeingUploadedHoldsTheCallTwoHoursAfterTheEnd() {
        recordings.recordStarted(CALL, "EG_1", "composite", ENDED.minusSeconds(1200));
        recordings.recordStopped(CALL, "EG_1", "composite", ENDED);

        assertEquals(Optional.of(ENDED.plus(Duration.ofHours(2))), retention.holdUntil(session, ENDED.plusSeconds(60)));
    }

    @Test
    void aReadyFileHoldsTheCallForStreamsTwoWeeks() {
        readyAt(ENDED.plusSeconds(120));

        assertEquals(Optional.of(ENDED.plusSeconds(120).plus(Duration.ofDays(14))), retention.holdUntil(session, ENDED.plusSeconds(300)));
    }

    @Test
    void afterStreamsTwoWeeksTheCallMayGo() {
        readyAt(ENDED.plusSeconds(120));

        assertEquals(Optional.empty(), retention.holdUntil(session, ENDED.plus(Duration.ofDays(15))));
    }

    @Test
    void afterWaitingTwoHoursForAnUploadThatNeverCameTheCallMayGo() {
        recordings.recordStartRequest(CALL, ENDED.minusSeconds(30));

        assertEquals(Optional.of(ENDED.plus(Duration.ofHours(2))), retention.holdUntil(session, ENDED));
        assertEquals(Optional.empty(), retention.holdUntil(session, ENDED.plus(Duration.ofHours(2))));
    }

    @Test
    void aCallWhoseRecordingsFailedMayGoAtOnce() {
        recordings.recordStarted(CALL, "EG_1", "composite", ENDED.minusSeconds(1200));
        recordings.recordFailed(CALL, "EG_1", "composite", ENDED.plusSeconds(30));

        assertEquals(Optional.empty(), retention.holdUntil(session, ENDED.plusSeconds(60)));
    }
}
