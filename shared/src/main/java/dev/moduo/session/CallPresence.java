package dev.moduo.session;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import dev.moduo.mongo.Documents;
import dev.moduo.stream.StreamTimestamps;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;

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

    static final String FIELD = "connections";
    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final MongoCollection<Document> sessions;
    private final Clock clock;

    public CallPresence(SessionRepository sessions, Clock clock) {
        this.sessions = sessions.collection();
        this.clock = clock;
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
        String path = FIELD + "." + key(userSessionId);
        long nanos = StreamTimestamps.epochNanos(at);
        Bson newer = connected ? lt(path + ".atNanos", nanos) : lte(path + ".atNanos", nanos);
        Bson filter = and(
                eq("callId", callId),
                eq("status", SessionStatus.ACTIVE.stored()),
                or(exists(path, false), newer));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        // A sender's clock ahead of ours must not push the last activity into the future.
        Instant activity = at.isAfter(now) ? now : at;
        Bson update = Updates.combine(
                Updates.set(path, new Document("userId", userId)
                        .append("userSessionId", userSessionId)
                        .append("connected", connected)
                        .append("atNanos", nanos)),
                Updates.max("lastActivityAt", Documents.date(activity)));
        return sessions.updateOne(filter, update).getModifiedCount() == 1;
    }

    /** Distinct users with at least one connection that is connected, in a stored session document. */
    static int connectedUsers(Document session) {
        Object connections = session.get(FIELD);
        if (!(connections instanceof Document entries)) {
            return 0;
        }
        Set<String> users = new HashSet<>();
        for (Object value : entries.values()) {
            if (value instanceof Document entry && Boolean.TRUE.equals(entry.get("connected"))
                    && entry.getString("userId") != null) {
                users.add(entry.getString("userId"));
            }
        }
        return users.size();
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
