package dev.moduo.stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.Deadline;
import dev.moduo.core.Json;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stream users, shared by Chat and Video. */
@Singleton
public class StreamUserClient {

    /**
     * Account deletion removes everything Stream holds about the person: the user, their messages,
     * their one-to-one channels and calls. Stream's {@code user: hard} requires {@code messages} and
     * {@code conversations} to be hard as well.
     */
    static final String DELETION_MODE = "hard";

    private final StreamHttp http;

    public StreamUserClient(StreamHttp http) {
        this.http = http;
    }

    /**
     * Creates or replaces the users (Stream replaces the whole user, so every call sends the full
     * profile). Null fields are left out rather than sent as null.
     */
    public void upsertUsers(List<StreamUser> users, Deadline deadline) {
        Map<String, StreamUser> byId = new LinkedHashMap<>();
        if (users != null) {
            // Last one wins, as it would if the upserts had been sent one by one.
            users.forEach(user -> byId.put(StreamIds.userId(user.id()), user));
        }
        for (List<StreamUser> batch : StreamIds.batches(List.copyOf(byId.values()))) {
            ObjectNode body = Json.object();
            ObjectNode map = body.putObject("users");
            for (StreamUser user : batch) {
                ObjectNode entry = map.putObject(user.id());
                entry.put("id", user.id());
                if (user.name() != null) {
                    entry.put("name", user.name());
                }
                if (user.image() != null) {
                    entry.put("image", user.image());
                }
            }
            http.send(StreamRequest.post("UpdateUsers", "/api/v2/users", body), deadline);
        }
    }

    /**
     * Starts Stream's deletion of the users and what they left (see {@link #DELETION_MODE}). Stream
     * marks the users deleted at once and removes the rest in a background task, which is not awaited.
     */
    public void deleteUsers(List<String> userIds, Deadline deadline) {
        for (List<String> batch : StreamIds.batches(StreamIds.distinctUserIds(userIds))) {
            ObjectNode body = Json.object();
            ArrayNode ids = body.putArray("user_ids");
            batch.forEach(ids::add);
            body.put("user", DELETION_MODE);
            body.put("messages", DELETION_MODE);
            body.put("conversations", DELETION_MODE);
            body.put("calls", DELETION_MODE);
            http.send(StreamRequest.post("DeleteUsers", "/api/v2/users/delete", body), deadline);
        }
    }
}
