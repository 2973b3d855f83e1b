package dev.moduo.stream;

import dev.moduo.http.Deadline;
import jakarta.inject.Singleton;
import java.util.List;

// SKELETON: replaced by the Stream client work.
@Singleton
public class StreamChatClient {
    public void getOrCreateChannel(String channelId, String createdById, String name, List<String> memberIds, Deadline deadline) { throw new UnsupportedOperationException(); }
    public void addChannelMembers(String channelId, List<String> userIds, Deadline deadline) { throw new UnsupportedOperationException(); }
    public void deleteChannel(String channelId, Deadline deadline) { throw new UnsupportedOperationException(); }
}
