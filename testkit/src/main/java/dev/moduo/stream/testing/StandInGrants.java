package dev.moduo.stream.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The grants of one call or channel type, role to permission ids, starting from Stream's documented
 * defaults (PERMREF "Default Grants" in stream-permissions-recording.md §1 and §4). Where the reference has
 * no column (the call roles {@code call_member} and {@code host}) the stand-in picks: {@code call_member}
 * has {@code read-call}, {@code send-audio}, {@code send-video} and not {@code join-call} (the reference
 * warns not to assume it), {@code host} has nothing. Not thread-safe: {@link StandInState} holds the lock.
 */
final class StandInGrants {

    private static final List<String> VIDEO_COMMON = List.of("join-call", "read-call", "send-audio", "send-video", "send-event");
    private static final List<String> VIDEO_USER_EXTRA = List.of(
            "create-call", "create-call-reaction", "join-ended-call", "list-recordings",
            "screenshare", "end-call", "remove-call-member", "update-call-member",
            "start-recording", "stop-recording", "start-transcription", "stop-transcription",
            "start-broadcasting", "stop-broadcasting");
    private static final List<String> VIDEO_ADMIN_ONLY = List.of(
            "block-user", "mute-users", "pin-call-track", "update-call", "update-call-member-role",
            "update-call-permissions", "update-call-settings", "join-backstage", "delete-recording");
    private static final List<String> VIDEO_USER_OWNER = List.of(
            "block-user-owner", "mute-users-owner", "pin-call-track-owner", "update-call-owner",
            "update-call-permissions-owner", "update-call-settings-owner");

    private static final List<String> CHAT_MEMBER = List.of(
            "read-channel", "read-channel-members", "create-message", "create-attachment", "create-mention",
            "create-reaction", "upload-attachment");
    private static final List<String> CHAT_USER = List.of(
            "create-channel", "read-channel-owner", "create-message-owner", "update-channel-members-owner",
            "delete-channel-owner", "recreate-channel-owner");

    private final Map<String, List<String>> byRole = new LinkedHashMap<>();
    private final Set<String> knownPermissions;

    private StandInGrants(Map<String, List<String>> defaults, Set<String> knownPermissions) {
        byRole.putAll(defaults);
        this.knownPermissions = knownPermissions;
    }

    static StandInGrants defaultCallType() {
        Map<String, List<String>> grants = new LinkedHashMap<>();
        grants.put("admin", concat(VIDEO_COMMON, VIDEO_USER_EXTRA, VIDEO_ADMIN_ONLY));
        grants.put("user", concat(VIDEO_COMMON, VIDEO_USER_EXTRA, VIDEO_USER_OWNER));
        grants.put("guest", List.copyOf(VIDEO_COMMON));
        grants.put("call_member", List.of("read-call", "send-audio", "send-video"));
        grants.put("host", List.of());
        return new StandInGrants(grants, Set.copyOf(concat(VIDEO_COMMON, VIDEO_USER_EXTRA, VIDEO_ADMIN_ONLY, VIDEO_USER_OWNER)));
    }

    static StandInGrants defaultMessagingType() {
        Map<String, List<String>> grants = new LinkedHashMap<>();
        List<String> staff = concat(CHAT_MEMBER, List.of("create-channel", "update-channel-members"));
        grants.put("admin", staff);
        grants.put("moderator", staff);
        grants.put("user", List.copyOf(CHAT_USER));
        grants.put("channel_member", List.copyOf(CHAT_MEMBER));
        grants.put("channel_moderator", concat(CHAT_MEMBER, List.of("update-channel-members")));
        return new StandInGrants(grants, Set.copyOf(concat(CHAT_MEMBER, CHAT_USER, List.of("update-channel-members"))));
    }

    /** Whether any of {@code roles} has {@code permission}. */
    boolean allows(Collection<String> roles, String permission) {
        return roles.stream().anyMatch(role -> byRole.getOrDefault(role, List.of()).contains(permission));
    }

    /** Every permission any of {@code roles} has, as {@code own_capabilities} would list them. */
    List<String> of(Collection<String> roles) {
        Set<String> all = new LinkedHashSet<>();
        roles.forEach(role -> all.addAll(byRole.getOrDefault(role, List.of())));
        return List.copyOf(all);
    }

    /** The ids in {@code permissions} that are not permission ids of this scope (capability names, typos). */
    List<String> unknown(Collection<String> permissions) {
        return permissions.stream().filter(permission -> !knownPermissions.contains(permission)).distinct().toList();
    }

    /** Stream replaces the list of each role it is sent and leaves the others as they were. */
    void replace(Map<String, List<String>> roles) {
        roles.forEach((role, permissions) -> byRole.put(role, List.copyOf(permissions)));
    }

    Map<String, List<String>> snapshot() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        byRole.forEach((role, permissions) -> copy.put(role, List.copyOf(permissions)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }
}
