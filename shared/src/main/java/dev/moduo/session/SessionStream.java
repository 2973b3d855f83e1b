package dev.moduo.session;

import dev.moduo.http.Deadline;
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
public class SessionStream {

    private final StreamVideoClient video;
    private final StreamChatClient chat;

    public SessionStream(StreamVideoClient video, StreamChatClient chat) {
        this.video = video;
        this.chat = chat;
    }

    public void setUp(Session session, Deadline deadline) {
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("problemTitle", session.problemTitle());
        custom.put("difficulty", session.difficulty().wire());
        custom.put("sessionId", session.id().toHexString());
        video.getOrCreateCall(session.callId(), session.hostId(), List.of(session.hostId()), custom, deadline);
        chat.getOrCreateChannel(session.callId(), session.hostId(), session.problemTitle() + " session",
                List.of(session.hostId()), deadline);
    }

    public void addParticipant(Session session, String userId, Deadline deadline) {
        chat.addChannelMembers(session.callId(), List.of(userId), deadline);
        video.addCallMembers(session.callId(), List.of(userId), deadline);
    }

    /** Ends the call for everyone (both clients get {@code call.ended}), then hard-deletes call and channel. */
    public void tearDown(Session session, Deadline deadline) {
        video.markCallEnded(session.callId(), deadline);
        video.deleteCall(session.callId(), deadline);
        chat.deleteChannel(session.callId(), deadline);
    }

    /** Removes whatever a failed create made; nothing was shown to anyone, so no call.ended is owed. */
    public void removeAll(Session session, Deadline deadline) {
        video.deleteCall(session.callId(), deadline);
        chat.deleteChannel(session.callId(), deadline);
    }
}
