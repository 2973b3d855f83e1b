package dev.moduo.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Deadline;
import dev.moduo.http.ApiException;
import dev.moduo.session.SessionCloser;
import dev.moduo.stream.StreamUserClient;
import dev.moduo.webhook.WebhookOutcome;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Keeps Moduo's users (MongoDB) and Stream's users in step with Clerk, from verified Clerk webhooks.
 * Every step can be repeated: a delivery that failed half-way is done again from the start when Svix
 * retries it.
 */
@Singleton
public class ClerkUserSync {

    public static final String CREATED = "user.created";
    public static final String UPDATED = "user.updated";
    public static final String DELETED = "user.deleted";
    /** Rounds of "send to Stream, then check MongoDB did not move on meanwhile" before leaving it to the next event. */
    private static final int STREAM_SYNC_ROUNDS = 3;

    private final UserRepository users;
    private final DeletedUsers deletedUsers;
    private final StreamUserClient streamUsers;
    private final SessionCloser sessions;
    private final Clock clock;

    public ClerkUserSync(UserRepository users, DeletedUsers deletedUsers, StreamUserClient streamUsers,
                         SessionCloser sessions, Clock clock) {
        this.users = users;
        this.deletedUsers = deletedUsers;
        this.streamUsers = streamUsers;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** The Clerk user id an event is about, for the log; null when it names none. */
    public static String userIdOf(JsonNode event) {
        JsonNode id = event.path("data").path("id");
        return id.isTextual() ? id.textValue() : null;
    }

    /**
     * Applies the event and says what it did.
     *
     * @throws ApiException 400 when an event of a handled type lacks what it needs
     */
    public WebhookOutcome apply(JsonNode event, Deadline deadline) {
        String type = event.path("type").asText("");
        if (!CREATED.equals(type) && !UPDATED.equals(type) && !DELETED.equals(type)) {
            return WebhookOutcome.ignored("Moduo does not act on " + (type.isEmpty() ? "events without a type" : type));
        }
        JsonNode data = event.get("data");
        if (data == null || !data.isObject()) {
            throw ApiException.badRequest("data must be an object");
        }
        return DELETED.equals(type) ? delete(data, deadline) : upsert(ClerkUser.from(data), deadline);
    }

    /**
     * Writes the profile unless a newer event already did, then gives Stream what MongoDB holds. A
     * deleted account is never brought back: the deletion is checked again after the write, which
     * closes the gap with a {@code user.deleted} handled at the same moment (it records the deletion
     * before it removes the profile).
     */
    private WebhookOutcome upsert(ClerkUser user, Deadline deadline) {
        if (deletedUsers.contains(user.id())) {
            return WebhookOutcome.ignored("user " + user.id() + " was deleted");
        }
        UserRepository.ProfileWrite write = users.applyClerkProfile(user, now());
        boolean applied = write == UserRepository.ProfileWrite.APPLIED;
        if (deletedUsers.contains(user.id())) {
            users.deleteByClerkId(user.id());
            return WebhookOutcome.ignored("user " + user.id() + " was deleted");
        }
        boolean sent = syncToStream(user.id(), applied, deadline);
        if (applied) {
            return WebhookOutcome.changed("User " + user.id() + " saved");
        }
        // The retry of a delivery whose Stream step failed lands here: MongoDB has it, Stream now too.
        if (sent) {
            return WebhookOutcome.changed("User " + user.id() + " sent to Stream");
        }
        return WebhookOutcome.ignored(write == UserRepository.ProfileWrite.REFUSED
                ? "the profile of user " + user.id() + " was refused by a unique index of the users collection"
                : "an event of user " + user.id() + " as new or newer was applied");
    }

    /**
     * Sends MongoDB's current profile (not the event's, which may already be outdated) and then checks
     * that no newer event was written meanwhile; if one was, its data is sent too. So when two events
     * of one user are handled at once, the one finishing last sends the newest data. True when it sent.
     */
    private boolean syncToStream(String clerkId, boolean changed, Deadline deadline) {
        Long sent = null;
        for (int round = 0; round < STREAM_SYNC_ROUNDS; round++) {
            Optional<UserProfile> current = users.findByClerkId(clerkId);
            if (current.isEmpty()) {
                if (sent != null && deletedUsers.contains(clerkId)) {
                    // Deleted while this upsert was on its way to Stream, which it may have recreated.
                    streamUsers.deleteUsers(List.of(clerkId), deadline);
                }
                return sent != null;
            }
            UserProfile profile = current.get();
            if (sent != null ? sent.equals(profile.clerkUpdatedAt())
                    // An outdated event changes nothing, but finishes a sync an earlier failure left owed.
                    : !changed && profile.isSyncedToStream()) {
                return sent != null;
            }
            Instant syncedAt = now();
            streamUsers.upsertUsers(List.of(UserService.toStreamUser(profile)), deadline);
            users.markSyncedToStream(clerkId, syncedAt);
            sent = profile.clerkUpdatedAt();
        }
        return true;
    }

    /**
     * Records the deletion (so late events cannot restore the profile), ends the sessions the user
     * hosts as the host would (their guests get {@code call.ended}), removes the profile, and deletes
     * the Stream user. Sessions the user took part in stay readable and show the user as deleted.
     */
    private WebhookOutcome delete(JsonNode data, Deadline deadline) {
        JsonNode idNode = data.path("id");
        if (!idNode.isTextual() || idNode.textValue().isBlank()) {
            // Clerk's DeletedObject makes the id optional; without one there is nobody to remove.
            return WebhookOutcome.ignored("user.deleted without an id");
        }
        String clerkId = idNode.textValue();
        deletedUsers.record(clerkId, now());
        int ended = sessions.closeHostedBy(clerkId, SessionCloser.ENDED_BY_HOST_DELETION, deadline);
        users.deleteByClerkId(clerkId);
        streamUsers.deleteUsers(List.of(clerkId), deadline);
        return WebhookOutcome.changed("User " + clerkId + " deleted" + (ended > 0 ? "; ended " + ended + " hosted session(s)" : ""));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
