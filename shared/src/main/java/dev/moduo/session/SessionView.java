package dev.moduo.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.moduo.user.PublicUser;

/**
 * A session on the wire, with its users populated, exactly in the shape the web client reads.
 * {@code participantsInCall} (added) counts the distinct users connected to the call right now.
 */
@JsonPropertyOrder({"_id", "problemTitle", "difficulty", "hostId", "participantId", "status", "callId",
        "createdAt", "updatedAt", "endedAt", "endedReason", "participantsInCall"})
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
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("endedReason") String endedReason,
        @JsonProperty("participantsInCall") int participantsInCall) {
}
