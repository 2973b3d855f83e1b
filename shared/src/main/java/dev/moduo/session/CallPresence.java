package dev.moduo.session;

import dev.moduo.stream.StreamTimestamps;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Who is connected to an active session's Stream call right now, from Stream's
 * {@code call.session_participant_joined} / {@code _left} webhooks.
 *
 * <p>Stored in the session document as {@code connections.<userSessionId> = {userId, userSessionId,
 * connected, atNanos}}: one entry per connection (a user with two tabs has two), counted once per user.
 * Webhooks may arrive out of order, so each entry keeps the time of the event that set it and a change
 * applies only if its event is newer: a {@code _left} that overtakes its {@code _joined} leaves a
 * "disconnected" entry that the late {@code _joined} cannot overwrite, so no ghost stays connected.
 * At the same instant a leave wins over a join. Each change is one conditional atomic update.
 */
@Singleton
public class CallPresence {

    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final SessionRepository sessions;
    private final Clock clock;

    public CallPresence(SessionRepository sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /** One connection's state as of an event: what {@link SessionRepository#recordConnection} stores. */
    public record Connection(String key, String userId, String userSessionId, boolean connected, long atNanos) {
    }

    /** Records that the connection joined at {@code at}; false when the session is not active or a newer event was recorded. */
    public boolean joined(String callId, String userId, String userSessionId, Instant at) {
        return record(callId, userId, userSessionId, true, at);
    }

    /** Records that the connection left at {@code at}; false when the session is not active or a newer event was recorded. */
    public boolean left(String callId, String userId, String userSessionId, Instant at) {
        return record(callId, userId, userSessionId, false, at);
    }

    private boolean record(String callId, String userId, String userSessionId, boolean connected, Instant at) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        // A sender's clock ahead of ours must not push the last activity into the future.
        Instant activity = at.isAfter(now) ? now : at;
        return sessions.recordConnection(callId,
                new Connection(key(userSessionId), userId, userSessionId, connected, StreamTimestamps.epochNanos(at)), activity);
    }

    /**
     * The connection's field name. Stream's ids are UUID-like, which are used as they are; anything that
     * could break a field path ({@code .}, {@code $}) or is very long is replaced by its SHA-256.
     */
    static String key(String userSessionId) {
        if (SAFE_KEY.matcher(userSessionId).matches()) {
            return userSessionId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(userSessionId.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
