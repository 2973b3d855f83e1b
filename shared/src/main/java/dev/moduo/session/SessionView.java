package dev.moduo.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.moduo.user.PublicUser;

/**
 * A session on the wire, with its users populated, exactly in the shape the web client reads. While the session
 * is active nothing in it changes except at join and at end: the web client's call hook depends on this object,
 * and any change makes the page leave the call and join again. What moves on its own goes beside it
 * ({@link SessionPresence}).
 */
@JsonPropertyOrder({"_id", "problemTitle", "difficulty", "hostId", "participantId", "status", "callId",
        "createdAt", "updatedAt", "endedAt", "endedReason"})
public record SessionView(
        @JsonProperty("_id") String id,
        @JsonProperty("problemTitle") String problemTitle,
        @JsonProperty("difficulty") String difficulty,
        @JsonProperty("hostId") PublicUser host,
        @JsonProperty("participantId") PublicUser participant,
        @JsonProperty("status") String status,
        @JsonProperty("callId") String callId,
        @JsonProperty("createdAt") String createdAt,
        @JsonProperty("updatedAt") String updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("endedAt") String endedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("endedReason") String endedReason) {
}
