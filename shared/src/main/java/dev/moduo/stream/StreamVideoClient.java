package dev.moduo.stream;

import dev.moduo.http.Deadline;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

// SKELETON: replaced by the Stream client work.
@Singleton
public class StreamVideoClient {
    public void getOrCreateCall(String callId, String createdById, List<String> memberIds, Map<String, Object> custom, Deadline deadline) { throw new UnsupportedOperationException(); }
    public void addCallMembers(String callId, List<String> userIds, Deadline deadline) { throw new UnsupportedOperationException(); }
    public void markCallEnded(String callId, Deadline deadline) { throw new UnsupportedOperationException(); }
    public void deleteCall(String callId, Deadline deadline) { throw new UnsupportedOperationException(); }
}
