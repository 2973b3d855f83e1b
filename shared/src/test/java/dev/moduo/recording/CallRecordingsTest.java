package dev.moduo.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a call's recordings are settled, and what the call is doing about recording now. */
class CallRecordingsTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final RecordingFile FILE = new RecordingFile("a.mp4", T0, T0.plusSeconds(600), T0.plusSeconds(700));

    private static Recording recording(Instant started, Instant stopped, Instant ready, Instant failed) {
        return new Recording("EG_1", "composite", started, stopped, ready, failed, ready == null ? List.of() : List.of(FILE));
    }

    @Test
    void aRunningRecordingIsNotSettled() {
        Recording running = recording(T0, null, null, null);

        assertTrue(running.running());
        assertFalse(running.settled());
        assertEquals(Recording.Status.RECORDING, running.status());
    }

    @Test
    void aStoppedRecordingIsProcessingUntilItsFileIsReady() {
        Recording stopped = recording(T0, T0.plusSeconds(600), null, null);

        assertFalse(stopped.settled());
        assertEquals(Recording.Status.PROCESSING, stopped.status());
    }

    @Test
    void aFileReadyBeforeTheStopIsAPartAndTheRecordingIsNotSettled() {
        Recording splitThenStopped = recording(T0, T0.plusSeconds(9000), T0.plusSeconds(7300), null);

        assertFalse(splitThenStopped.settled());
    }

    @Test
    void aFailedRecordingIsSettled() {
        Recording failed = recording(T0, T0.plusSeconds(600), null, T0.plusSeconds(700));

        assertTrue(failed.settled());
        assertEquals(Recording.Status.FAILED, failed.status());
    }

    @Test
    void aStartAskedForRecentlyIsStartingThenIdleIfStreamNeverReportsIt() {
        CallRecordings asked = new CallRecordings("c", List.of(T0), List.of());

        assertEquals("starting", asked.state(T0.plusSeconds(30)));
        assertEquals("idle", asked.state(T0.plus(CallRecordings.STARTING_FOR)));
        assertFalse(asked.settled());
    }

    @Test
    void aRecordingStartedFromAClientAccountsForNoRequestButIsStillKnown() {
        CallRecordings call = new CallRecordings("c", List.of(), List.of(recording(T0, null, null, null)));

        assertEquals(0, call.pendingStarts());
        assertEquals("recording", call.state(T0));
        assertFalse(call.unused());
    }
}
