package dev.moduo.stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.Json;
import java.util.List;

/**
 * What one run of {@link StreamAppSetup} changed in the Stream app: grants per type and role, and whether it
 * turned guest user creation off. Empty when the app was already locked.
 */
public record StreamAppSetupReport(List<GrantChange> grantChanges, boolean guestUserCreationTurnedOff) {

    public StreamAppSetupReport {
        grantChanges = List.copyOf(grantChanges);
    }

    public boolean changed() {
        return guestUserCreationTurnedOff || !grantChanges.isEmpty();
    }

    /** {@code {"changed": .., "grants": [{"scope", "role", "added", "removed"}], "guest_user_creation_turned_off": ..}} */
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("changed", changed());
        ArrayNode grants = json.putArray("grants");
        for (GrantChange change : grantChanges) {
            ObjectNode entry = grants.addObject();
            entry.put("scope", change.scope());
            entry.put("role", change.role());
            change.added().forEach(entry.putArray("added")::add);
            change.removed().forEach(entry.putArray("removed")::add);
        }
        json.put("guest_user_creation_turned_off", guestUserCreationTurnedOff);
        return json;
    }

    /** One role of one call or channel type: {@code scope} is {@code video:default} or {@code messaging}. */
    public record GrantChange(String scope, String role, List<String> added, List<String> removed) {

        public GrantChange {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }
    }
}
