package dev.moduo.user;

import dev.moduo.auth.Caller;
import dev.moduo.core.Deadline;
import dev.moduo.stream.StreamUser;
import dev.moduo.stream.StreamUserClient;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Users as the session routes need them: present in MongoDB, and in Stream before they join a call. */
@Singleton
public class UserService {

    /** Shown until the Clerk webhook brings the real name (Clerk's default session token carries none). */
    public static final String PLACEHOLDER_NAME = "Moduo user";

    private final UserRepository users;
    private final StreamUserClient streamUsers;
    private final Clock clock;

    public UserService(UserRepository users, StreamUserClient streamUsers, Clock clock) {
        this.users = users;
        this.streamUsers = streamUsers;
        this.clock = clock;
    }

    /** The caller's record; a caller the webhook has not announced yet gets one made from the token. */
    public UserProfile ensure(Caller caller) {
        return users.findOrCreate(caller.userId(), displayName(caller), caller.email(), caller.imageUrl(), now());
    }

    /**
     * {@link #ensure}, counting one more request of the kind {@code counter} in {@code window} in the same
     * command (see {@link UserRepository#findOrCreateCounting}): the per-user limits cost no round trip of their own.
     */
    public UserRepository.Counted ensureCounting(Caller caller, String counter, long window) {
        return users.findOrCreateCounting(caller.userId(), displayName(caller), caller.email(), caller.imageUrl(), now(),
                counter, window);
    }

    /**
     * The record of a user Moduo knows only by Clerk id (a participant whose join the cleanup finishes):
     * theirs if it exists, else a placeholder until Clerk's webhook brings the profile.
     */
    public UserProfile ensureKnown(String clerkId) {
        return users.findOrCreate(clerkId, PLACEHOLDER_NAME, null, null, now());
    }

    /** Upserts into Stream the users it does not have yet (or has with stale data), once. */
    public void ensureInStream(List<UserProfile> profiles, Deadline deadline) {
        List<UserProfile> missing = new ArrayList<>();
        for (UserProfile profile : profiles) {
            if (!profile.isSyncedToStream()) {
                missing.add(profile);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Instant syncedAt = now();
        streamUsers.upsertUsers(missing.stream().map(UserService::toStreamUser).toList(), deadline);
        for (UserProfile profile : missing) {
            users.markSyncedToStream(profile.clerkId(), syncedAt);
        }
    }

    public static StreamUser toStreamUser(UserProfile profile) {
        String image = profile.profileImageUrl() == null || profile.profileImageUrl().isBlank() ? null : profile.profileImageUrl();
        return new StreamUser(profile.clerkId(), profile.name(), image);
    }

    private static String displayName(Caller caller) {
        if (caller.name() != null && !caller.name().isBlank()) {
            return caller.name().trim();
        }
        // Never a part of the e-mail address: the other person in the session sees this name.
        return PLACEHOLDER_NAME;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
