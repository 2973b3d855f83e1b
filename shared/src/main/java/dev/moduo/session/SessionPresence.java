package dev.moduo.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Who is connected to a session's call right now, as Stream's participant webhooks told. It changes on its own
 * while the session is active, so it travels beside the session object, never inside it.
 */
@JsonPropertyOrder({"participantsInCall", "connectedUserIds"})
public record SessionPresence(
        @JsonProperty("participantsInCall") int participantsInCall,
        @JsonProperty("connectedUserIds") List<String> connectedUserIds) {

    public static final SessionPresence NOBODY = new SessionPresence(0, List.of());

    public SessionPresence {
        connectedUserIds = List.copyOf(connectedUserIds);
    }

    static SessionPresence of(Session session) {
        // Ending a session ends its call for everyone, whatever leave events are still on their way.
        if (session.status() != SessionStatus.ACTIVE || session.connectedUserIds().isEmpty()) {
            return NOBODY;
        }
        return new SessionPresence(session.connectedUserIds().size(), session.connectedUserIds());
    }
}
