package dev.moduo.session;

import dev.moduo.core.Deadline;
import dev.moduo.stream.StreamChatClient;
import dev.moduo.stream.StreamVideoClient;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's Stream side: one call {@code default:<callId>} and one channel {@code messaging:<callId>}.
 * Every step is idempotent, so the create, join and end paths and the scheduled cleanup can all
 * repeat a step that may or may not have happened before a crash.
 */
@Singleton
public class SessionStreamResources {

    private final StreamVideoClient video;
    private final StreamChatClient chat;
    private final CrashPoints crashPoints;

    public SessionStreamResources(StreamVideoClient video, StreamChatClient chat, CrashPoints crashPoints) {
        this.video = video;
        this.chat = chat;
        this.crashPoints = crashPoints;
    }

    public void setUp(Session session, Deadline deadline) {
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("problemTitle", session.problemTitle());
        custom.put("difficulty", session.difficulty().wire());
        custom.put("sessionId", session.id().toHexString());
        video.getOrCreateCall(session.callId(), session.hostId(), List.of(session.hostId()), custom, session.recordable(),
                deadline);
        crashPoints.reached(CrashPoints.CREATE_CALL_MADE);
        chat.getOrCreateChannel(session.callId(), session.hostId(), session.problemTitle() + " session",
                List.of(session.hostId()), deadline);
        crashPoints.reached(CrashPoints.CREATE_CHANNEL_MADE);
    }

    public void addParticipant(Session session, String userId, Deadline deadline) {
        chat.addChannelMembers(session.callId(), List.of(userId), deadline);
        crashPoints.reached(CrashPoints.JOIN_CHANNEL_MEMBER);
        video.addCallMembers(session.callId(), List.of(userId), deadline);
        crashPoints.reached(CrashPoints.JOIN_CALL_MEMBER);
    }

    /** Ends the call for everyone (both clients get {@code call.ended}), then hard-deletes call and channel. */
    public void tearDown(Session session, Deadline deadline) {
        video.markCallEnded(session.callId(), deadline);
        crashPoints.reached(CrashPoints.TEARDOWN_CALL_ENDED);
        video.deleteCall(session.callId(), deadline);
        crashPoints.reached(CrashPoints.TEARDOWN_CALL_DELETED);
        chat.deleteChannel(session.callId(), deadline);
        crashPoints.reached(CrashPoints.TEARDOWN_CHANNEL_DELETED);
    }

    /**
     * Ends the call for everyone and hard-deletes the channel, but keeps the call: its recordings go with it when
     * it is deleted (see {@link CallDeleteHold}), later, by {@link #deleteKeptCall}.
     */
    public void endKeepingCall(Session session, Deadline deadline) {
        video.markCallEnded(session.callId(), deadline);
        crashPoints.reached(CrashPoints.TEARDOWN_CALL_ENDED);
        chat.deleteChannel(session.callId(), deadline);
        crashPoints.reached(CrashPoints.TEARDOWN_CHANNEL_DELETED);
    }

    /** Deletes the call {@link #endKeepingCall} kept, with its recordings: call.ended was sent and the channel is gone. */
    public void deleteKeptCall(Session session, Deadline deadline) {
        video.deleteCall(session.callId(), deadline);
        crashPoints.reached(CrashPoints.TEARDOWN_CALL_DELETED);
    }

    /** Removes whatever a failed create made; nothing was shown to anyone, so no call.ended is owed. */
    public void removeAll(Session session, Deadline deadline) {
        video.deleteCall(session.callId(), deadline);
        crashPoints.reached(CrashPoints.ROLLBACK_CALL_DELETED);
        chat.deleteChannel(session.callId(), deadline);
        crashPoints.reached(CrashPoints.ROLLBACK_STREAM_REMOVED);
    }
}
