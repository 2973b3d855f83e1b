package dev.moduo.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.mongo.testing.MongoTestServer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the recording webhooks leave in {@code call_recordings}: the same whatever their order and number. */
class CallRecordingRepositoryTest {

    private static final String CALL = "call-1";
    private static final Instant STARTED = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant STOPPED = Instant.parse("2026-11-26T10:20:00Z");
    private static final Instant READY = Instant.parse("2026-11-26T10:22:00Z");

    private MongoTestServer mongo;
    private CallRecordingRepository repository;

    @BeforeEach
    void start() {
        mongo = new MongoTestServer();
        repository = new CallRecordingRepository(mongo.database());
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private static RecordingFile file(String name, Instant readyAt) {
        return new RecordingFile(name, STARTED, STOPPED, readyAt);
    }

    @Test
    void aRecordingThroughItsPhasesIsReadyWithItsFile() {
        repository.recordStarted(CALL, "EG_1", "composite", STARTED);
        repository.recordStopped(CALL, "EG_1", "composite", STOPPED);
        repository.recordReady(CALL, "EG_1", "composite", file("a.mp4", READY));

        Recording recording = repository.find(CALL).recordings().get(0);

        assertEquals(new Recording("EG_1", "composite", STARTED, STOPPED, READY, null, List.of(file("a.mp4", READY))), recording);
        assertEquals(Recording.Status.READY, recording.status());
        assertTrue(recording.settled());
    }

    @Test
    void eventsInAnyOrderAndRedeliveredLeaveTheSameRecording() {
        repository.recordReady(CALL, "EG_1", "composite", file("a.mp4", READY));
        repository.recordStopped(CALL, "EG_1", "composite", STOPPED);
        repository.recordStarted(CALL, "EG_1", "composite", STARTED);
        repository.recordReady(CALL, "EG_1", "composite", file("a.mp4", READY));
        repository.recordStarted(CALL, "EG_1", "composite", STARTED.plusSeconds(5));

        assertEquals(List.of(new Recording("EG_1", "composite", STARTED, STOPPED, READY, null, List.of(file("a.mp4", READY)))),
                repository.find(CALL).recordings());
    }

    @Test
    void aLongRecordingReadyInTwoFilesKeepsBothAndTheLaterReadiness() {
        repository.recordStarted(CALL, "EG_1", "composite", STARTED);
        repository.recordReady(CALL, "EG_1", "composite", file("part1.mp4", READY));
        repository.recordReady(CALL, "EG_1", "composite", file("part2.mp4", READY.plusSeconds(60)));

        Recording recording = repository.find(CALL).recordings().get(0);

        assertEquals(List.of("part1.mp4", "part2.mp4"), recording.files().stream().map(RecordingFile::filename).toList());
        assertEquals(READY.plusSeconds(60), recording.readyAt());
    }

    @Test
    void aStartRequestIsPendingUntilARecordingAccountsForIt() {
        repository.recordStartRequest(CALL, STARTED.minusSeconds(1));
        assertEquals(1, repository.find(CALL).pendingStarts());

        repository.recordStarted(CALL, "EG_1", "composite", STARTED);

        assertEquals(0, repository.find(CALL).pendingStarts());
    }

    @Test
    void aWithdrawnStartRequestIsForgotten() {
        String request = repository.recordStartRequest(CALL, STARTED);

        repository.withdrawStartRequest(request);

        assertTrue(repository.find(CALL).unused());
    }

    @Test
    void anotherCallsRecordingsAreNotThisCalls() {
        repository.recordStarted("call-2", "EG_2", "composite", STARTED);

        assertTrue(repository.find(CALL).unused());
    }
}
