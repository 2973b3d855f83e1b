package dev.moduo.recording;

import dev.moduo.auth.Caller;
import dev.moduo.core.Deadline;
import dev.moduo.core.Json;
import dev.moduo.core.Refusal;
import dev.moduo.session.Session;
import dev.moduo.session.SessionRepository;
import dev.moduo.session.SessionStatus;
import dev.moduo.stream.RecordingSwitch;
import dev.moduo.stream.StreamException;
import dev.moduo.stream.StreamRecordingFile;
import dev.moduo.stream.StreamVideoClient;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.types.ObjectId;

/**
 * The rules of recording: only the host starts and stops it, only while the session is active and where the
 * deployment records ({@link RecordingSwitch}); the host and the participant list a session's recordings. What is
 * being recorded is what Stream's webhooks reported ({@link CallRecordingRepository}); the files' URLs are asked
 * from Stream when listed, since the ones its webhooks carry may expire within minutes.
 */
@Singleton
public class RecordingService {

    static final String NOT_HOST = "Only the host can record this session";
    static final String NOT_IN_SESSION = "Only the host and the participant can see this session's recordings";
    static final String TURNED_OFF = "Recording is not enabled on this deployment";
    static final String NOT_RECORDABLE = "This session was created before recording was enabled: it cannot be recorded";
    static final String ENDED = "The session has ended: recording is only possible while it is active";
    static final String NOT_RECORDING = "The session is not being recorded";
    static final String NOBODY_IN_CALL = "Nobody is in the call yet: recording can start once someone has joined it";
    /** StopRecording's answer when nothing is recorded (GetStream/stream-py's tests). */
    static final String EGRESS_NOT_RUNNING = "call egress is not running";
    /** Kept back from a Stream call for the MongoDB write and the answer that follow it. */
    private static final Duration ANSWER_RESERVE = Duration.ofSeconds(1);

    private final SessionRepository sessions;
    private final CallRecordingRepository recordings;
    private final StreamVideoClient video;
    private final RecordingSwitch recordingSwitch;
    private final Clock clock;

    public RecordingService(SessionRepository sessions, CallRecordingRepository recordings, StreamVideoClient video,
                            RecordingSwitch recordingSwitch, Clock clock) {
        this.sessions = sessions;
        this.recordings = recordings;
        this.video = video;
        this.recordingSwitch = recordingSwitch;
        this.clock = clock;
    }

    /**
     * Asks Stream to start recording the session's call. The start is noted first; Stream saying no (a 4xx) takes the
     * note back. A failure that leaves unknown whether Stream started (no answer, 5xx) keeps it: Stream's webhook will
     * tell, and the end keeps the call for it anyway ({@link RecordingRetention}).
     */
    public SessionRecordings start(Caller caller, ObjectId id, Deadline deadline) {
        Session session = hostsActive(caller, id);
        if (!recordingSwitch.on()) {
            throw Refusal.conflict(TURNED_OFF);
        }
        if (!session.recordable()) {
            throw Refusal.conflict(NOT_RECORDABLE);
        }
        // Stream is the judge of whether the call is being recorded: a recording started from a browser, or a stop
        // whose webhook never came, would make Moduo's own records refuse wrongly.
        CallRecordings known = recordings.find(session.callId());
        String request = recordings.recordStartRequest(session.callId(), now());
        try {
            video.startRecording(session.callId(), deadline.reserving(ANSWER_RESERVE));
        } catch (StreamException refused) {
            // Only a 4xx says Stream did nothing; after anything else it may have started, a 408 (Stream's own
            // timeout) included.
            int status = refused.streamHttpStatus();
            if (status >= 400 && status < 500 && status != 408) {
                recordings.withdrawStartRequest(request);
                throw stateRefusal(refused, "Stream did not start the recording: ").orElseThrow(() -> refused);
            }
            throw refused;
        }
        return view(session, known, "starting", List.of(), false);
    }

    /** Asks Stream to stop recording; Stream reports the stop and, later, the file. */
    public SessionRecordings stop(Caller caller, ObjectId id, Deadline deadline) {
        Session session = hostsActive(caller, id);
        CallRecordings known = recordings.find(session.callId());
        try {
            video.stopRecording(session.callId(), deadline.reserving(ANSWER_RESERVE));
        } catch (StreamException refused) {
            throw stateRefusal(refused, "Stream did not stop the recording: ").orElseThrow(() -> refused);
        }
        return view(session, known, "stopping", List.of(), false);
    }

    /**
     * The session's recordings, for its host and its participant, while it is active and after it ended. Stream is
     * asked for the files' URLs only when recording was used and the call still exists.
     */
    public SessionRecordings list(Caller caller, ObjectId id, Deadline deadline) {
        Session session = visible(id);
        if (!caller.userId().equals(session.hostId()) && !caller.userId().equals(session.participantId())) {
            throw Refusal.forbidden(NOT_IN_SESSION);
        }
        CallRecordings known = recordings.find(session.callId());
        boolean callDeleted = session.status() == SessionStatus.COMPLETED && !session.teardownPending();
        // Asked whenever recording was used, so that files whose webhooks never reached Moduo are listed too.
        List<StreamRecordingFile> listed = known.unused() || callDeleted
                ? List.of() : video.listRecordings(session.callId(), deadline.reserving(ANSWER_RESERVE));
        String state = session.status() == SessionStatus.ACTIVE ? known.state(now()) : "idle";
        return view(session, known, state, listed, true);
    }

    private SessionRecordings view(Session session, CallRecordings known, String state, List<StreamRecordingFile> listed,
                                   boolean urlsAsked) {
        String shown = state;
        if ((!recordingSwitch.on() || !session.recordable()) && !known.running()) {
            shown = "off";
        }
        Map<String, StreamRecordingFile> byName = new LinkedHashMap<>();
        listed.forEach(file -> byName.put(file.filename(), file));
        List<SessionRecordings.Item> items = new ArrayList<>();
        for (Recording recording : known.recordings()) {
            List<SessionRecordings.File> files = new ArrayList<>();
            boolean anyKept = false;
            for (RecordingFile file : recording.files()) {
                StreamRecordingFile fresh = byName.get(file.filename());
                anyKept |= fresh != null || !urlsAsked;
                files.add(new SessionRecordings.File(file.filename(), fresh == null ? null : fresh.url(),
                        Json.isoMillis(file.startTime()), Json.isoMillis(file.endTime()),
                        Json.isoMillis(file.readyAt() == null ? null : file.readyAt().plus(RecordingRetention.STREAM_RETENTION))));
            }
            Recording.Status reported = recording.status();
            if (reported == Recording.Status.RECORDING && session.status() != SessionStatus.ACTIVE) {
                // The call was ended, so Stream stopped recording it; the stop's webhook never reached Moduo.
                reported = recording.files().isEmpty() ? Recording.Status.PROCESSING : Recording.Status.READY;
            }
            String status = reported == Recording.Status.READY && urlsAsked && !anyKept ? "expired" : reported.wire();
            items.add(new SessionRecordings.Item(recording.egressId(), status, Json.isoMillis(recording.startedAt()),
                    Json.isoMillis(recording.stoppedAt()), files));
        }
        // A file Stream lists whose webhook never came (or never reached Moduo) is still the session's.
        for (StreamRecordingFile file : known.unheardOf(listed)) {
            items.add(new SessionRecordings.Item(null, Recording.Status.READY.wire(), null, null, List.of(
                    new SessionRecordings.File(file.filename(), file.url(), Json.isoMillis(file.startTime()),
                            Json.isoMillis(file.endTime()), null))));
        }
        return new SessionRecordings(session.id().toHexString(), shown, items);
    }

    /** Stream refused for the call's state (nobody in it, nothing recording...): a 409 naming why. */
    private static Optional<Refusal> stateRefusal(StreamException refused, String prefix) {
        return StreamVideoClient.callStateRefusal(refused).map(reason -> {
            if (StreamVideoClient.isNoActiveSession(refused)) {
                return Refusal.conflict(NOBODY_IN_CALL);
            }
            if (EGRESS_NOT_RUNNING.equals(reason)) {
                return Refusal.conflict(NOT_RECORDING);
            }
            return Refusal.conflict(prefix + reason);
        });
    }

    private Session hostsActive(Caller caller, ObjectId id) {
        Session session = visible(id);
        if (!caller.userId().equals(session.hostId())) {
            throw Refusal.forbidden(NOT_HOST);
        }
        if (session.status() != SessionStatus.ACTIVE) {
            throw Refusal.conflict(ENDED);
        }
        return session;
    }

    private Session visible(ObjectId id) {
        return sessions.findById(id).filter(Session::isVisible).orElseThrow(() -> Refusal.notFound("Session not found"));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
