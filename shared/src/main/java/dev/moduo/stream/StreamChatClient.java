package dev.moduo.stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.Deadline;
import dev.moduo.core.Json;
import jakarta.inject.Singleton;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Stream Chat channels, all of channel type {@code messaging}. Members must exist as Stream users first. */
@Singleton
public class StreamChatClient {

    static final String CHANNEL_TYPE = "messaging";

    private final StreamHttp http;

    public StreamChatClient(StreamHttp http) {
        this.http = http;
    }

    /**
     * Creates the channel, or leaves an existing one as it is. The creator is made a member too, so
     * that the person who set the session up can write in it. The name goes under {@code custom}: the
     * v2 API nests custom fields there instead of flattening them like the legacy API.
     */
    public void getOrCreateChannel(String channelId, String createdById, String name, List<String> memberIds,
                                   Deadline deadline) {
        Set<String> members = new LinkedHashSet<>();
        members.add(StreamIds.userId(createdById));
        members.addAll(StreamIds.distinctUserIds(memberIds));
        if (members.size() > StreamIds.MAX_BATCH) {
            throw new IllegalArgumentException("A Stream channel takes at most " + StreamIds.MAX_BATCH + " members at creation");
        }
        ObjectNode data = Json.object();
        data.put("created_by_id", createdById);
        ArrayNode memberArray = data.putArray("members");
        members.forEach(id -> memberArray.addObject().put("user_id", id));
        ObjectNode custom = data.putObject("custom");
        if (name != null) {
            custom.put("name", name);
        }
        ObjectNode body = Json.object();
        body.set("data", data);
        http.send(StreamRequest.post("GetOrCreateChannel", channelPath(channelId) + "/query", body), deadline);
    }

    /** Adds members without sending {@code data}, which Stream would treat as a full replacement of the channel. */
    public void addChannelMembers(String channelId, List<String> userIds, Deadline deadline) {
        for (List<String> batch : StreamIds.batches(StreamIds.distinctUserIds(userIds))) {
            ObjectNode body = Json.object();
            ArrayNode members = body.putArray("add_members");
            batch.forEach(id -> members.addObject().put("user_id", id));
            http.send(StreamRequest.post("UpdateChannel", channelPath(channelId), body), deadline);
        }
    }

    /** Hard-deletes the channel and its messages. A channel Stream does not know is already gone. */
    public void deleteChannel(String channelId, Deadline deadline) {
        http.sendUnlessMissing(StreamRequest.delete("DeleteChannel", channelPath(channelId), Map.of("hard_delete", "true")),
                deadline);
    }

    private static String channelPath(String channelId) {
        return "/api/v2/chat/channels/" + CHANNEL_TYPE + "/" + StreamIds.pathId("Channel", channelId);
    }
}
