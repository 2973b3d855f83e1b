package dev.moduo.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One session as a single-session route answers it: the still session object, and beside it what moves. */
@JsonPropertyOrder({"session", "presence"})
public record SessionDetail(
        @JsonProperty("session") SessionView session,
        @JsonProperty("presence") SessionPresence presence) {
}
