package dev.moduo.recording;

import dev.moduo.core.Deadline;
import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import dev.moduo.session.CallDeleteHold;
import dev.moduo.session.Session;
import dev.moduo.stream.StreamRecordingFile;
import dev.moduo.stream.StreamVideoClient;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a recordable session's call may be hard-deleted. The files live in Stream's storage, where the hard delete
 * would wipe them (stream-permissions-recording.md §5), and Moduo cannot know of every recording from its own
 * records: the host may record from the web client (the host's call role keeps {@code start-recording}), and a
 * webhook may come late or never. So:
 * <ul>
 *   <li>the call is kept at least {@link #READY_WAIT} after the session ended: Stream uploads a recording when it
 *   stops or the call ends, and reports it ready;</li>
 *   <li>a file known to be ready keeps the call until Stream's own retention of it has run out
 *   ({@link #STREAM_RETENTION} after it became ready): until then host and participant list it with a freshly signed
 *   URL;</li>
 *   <li>before the delete, Stream is asked which files it keeps; one Moduo had not heard of (its webhook lost, a
 *   recording started from a browser) is recorded now and keeps the call for Stream's retention.</li>
 * </ul>
 * The cleanup enforces it: a held session is looked at again when its hold ends, or at its next run when a recording
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
    private final StreamVideoClient video;

    public RecordingRetention(CallRecordingRepository recordings, StreamVideoClient video) {
        this.recordings = recordings;
        this.video = video;
    }

    @Override
    public Optional<Instant> holdUntil(Session session, Instant now, Deadline deadline) {
        CallRecordings call = recordings.find(session.callId());
        Instant ended = session.endedAt() != null ? session.endedAt() : now;
        Instant kept = latest(ended.plus(READY_WAIT), call.lastReady().map(ready -> ready.plus(STREAM_RETENTION)));
        if (now.isBefore(kept)) {
            return Optional.of(kept);
        }
        List<StreamRecordingFile> unheardOf = call.unheardOf(video.listRecordings(session.callId(), deadline));
        if (!unheardOf.isEmpty()) {
            for (StreamRecordingFile file : unheardOf) {
                recordings.recordListedFile(session.callId(),
                        new RecordingFile(file.filename(), file.startTime(), file.endTime(), now));
            }
            EventLog.event("RecordingRetention", "Stream keeps recordings Moduo had not heard of: the call is kept for them",
                    Json.object().put("sessionId", session.id().toHexString()).put("files", unheardOf.size()));
            return Optional.of(now.plus(STREAM_RETENTION));
        }
        if (!call.settled()) {
            EventLog.event("RecordingRetention", "Gave up waiting for recordings Stream never reported ready", Json.object()
                    .put("sessionId", session.id().toHexString()).put("pendingStarts", call.pendingStarts())
                    .put("unsettled", call.recordings().stream().filter(recording -> !recording.settled()).count()));
        }
        return Optional.empty();
    }

    private static Instant latest(Instant a, Optional<Instant> b) {
        return b.filter(a::isBefore).orElse(a);
    }
}
