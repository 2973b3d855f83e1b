package dev.moduo.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One page of a session list; {@code nextCursor} is null on the last page. */
public record SessionPage(
        @JsonProperty("sessions") List<SessionView> sessions,
        @JsonProperty("nextCursor") String nextCursor) {
}
