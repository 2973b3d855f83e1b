package dev.moduo.recording;

import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import dev.moduo.session.CallDeleteHold;
import dev.moduo.session.Session;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a recorded call may be hard-deleted. The files live in Stream's storage, where the hard delete would wipe
 * them (stream-permissions-recording.md §5), so:
 * <ul>
 *   <li>while a recording is still being written or uploaded (no {@code call.recording_ready} or {@code _failed}
 *   yet, or a start Stream has not reported), the call waits, at most {@link #READY_WAIT} after the session ended;</li>
 *   <li>once a file is ready, the call stays until Stream's own retention of it has run out
 *   ({@link #STREAM_RETENTION} after the last file became ready): until then the host and the participant can list
 *   it with a freshly signed URL;</li>
 *   <li>a call whose recordings all failed, or that waited its longest, is deleted at once.</li>
 * </ul>
 * The cleanup enforces it: a held session is looked at again when its hold ends, or sooner when a recording
 * webhook arrives ({@code SessionRepository.reconsiderCallDelete}).
 */
@Singleton
public class RecordingRetention implements CallDeleteHold {

    /**
     * Stream uploads a recording when it stops or the call ends, and splits one at two hours; two hours after the
     * end is far beyond an upload that is coming at all.
     */
    public static final Duration READY_WAIT = Duration.ofHours(2);
    /** "Recording files are retained for two weeks", with URLs signed for as long (stream-permissions-recording.md §5). */
    public static final Duration STREAM_RETENTION = Duration.ofDays(14);

    private final CallRecordingRepository recordings;

    public RecordingRetention(CallRecordingRepository recordings) {
        this.recordings = recordings;
    }

    @Override
    public Optional<Instant> holdUntil(Session session, Instant now) {
        CallRecordings call = recordings.find(session.callId());
        if (call.unused()) {
            return Optional.empty();
        }
        Instant ended = session.endedAt() != null ? session.endedAt() : now;
        if (!call.settled()) {
            Instant waitEnds = ended.plus(READY_WAIT);
            if (now.isBefore(waitEnds)) {
                return Optional.of(waitEnds);
            }
            EventLog.event("RecordingRetention", "Gave up waiting for recordings Stream never reported ready", Json.object()
                    .put("sessionId", session.id().toHexString()).put("pendingStarts", call.pendingStarts())
                    .put("unsettled", call.recordings().stream().filter(recording -> !recording.settled()).count()));
        }
        return call.lastReady().map(ready -> ready.plus(STREAM_RETENTION)).filter(now::isBefore);
    }
}
