package dev.moduo.stream.testing;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A call as the stand-in holds it. {@code settingsOverride} is what the creator sent; {@code deleted}
 * calls answer 404 to every operation; {@code participants} are the sessions connected right now.
 */
public record StandInCall(String id, String createdById, List<Member> members, Map<String, Object> custom,
                          Map<String, Object> settingsOverride, boolean ended, boolean deleted, boolean hardDeleted,
                          List<StandInParticipant> participants) {

    /** A call member; {@code role} is null when none was given. */
    public record Member(String userId, String role) {
    }

    public List<String> memberIds() {
        return members.stream().map(Member::userId).toList();
    }

    public Optional<String> roleOf(String userId) {
        return members.stream().filter(member -> member.userId().equals(userId)).map(Member::role).findFirst();
    }
}
