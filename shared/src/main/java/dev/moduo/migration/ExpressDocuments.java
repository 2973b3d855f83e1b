package dev.moduo.migration;

import dev.moduo.mongo.Documents;
import dev.moduo.session.Difficulty;
import dev.moduo.session.EndReason;
import dev.moduo.session.NewSession;
import dev.moduo.session.Session;
import dev.moduo.session.SessionStatus;
import dev.moduo.user.UserProfile;
import dev.moduo.user.UserService;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * What the Express app's Mongoose documents mean in this backend's shapes. The Express models
 * ({@code backend/src/models/User.js}, {@code Session.js}, Mongoose 8, {@code timestamps: true}):
 *
 * <ul>
 * <li>{@code users}: {@code clerkId} (String, required, unique, trimmed), {@code name} (String, required, 2-100),
 *     {@code email} (String, required, unique, lower-cased), {@code profileImageUrl} (String, default ""),
 *     {@code createdAt}, {@code updatedAt}, {@code __v}. Written only by the Inngest {@code clerk/user.created}
 *     function, with {@code name: `${first_name} ${last_name}`}; removed by {@code clerk/user.deleted}.</li>
 * <li>{@code sessions}: {@code problemTitle} (String, required), {@code difficulty} (enum easy/medium/hard,
 *     lower-cased by the create route), {@code hostId} and {@code participantId} (ObjectId refs to {@code User},
 *     participant default null), {@code status} (enum active/completed, default active), {@code callId}
 *     (String, default ""), {@code createdAt}, {@code updatedAt}, {@code __v}.</li>
 * </ul>
 *
 * Mongoose validated those documents when it wrote them, but a database outlives its schema, so every field
 * is checked again here and a document that does not fit is refused with a reason rather than copied wrong.
 */
public final class ExpressDocuments {

    /** Stored in place of the Clerk id of a user the Express app deleted (its record, and so its Clerk id, are gone). */
    public static final String MISSING_USER_PREFIX = "express_deleted_";

    // Stream's own id charset: the call and channel exist under this id, so a link to them must keep it.
    private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private ExpressDocuments() {
    }

    /** A user: the Express {@code _id} is kept, so that the ids the web client has seen stay the same. */
    public static Mapped<UserProfile> user(Document source) {
        if (!(source.get("_id") instanceof ObjectId id)) {
            return Mapped.refused("_id is not an ObjectId");
        }
        String clerkId = text(source, "clerkId");
        if (clerkId == null || clerkId.isEmpty()) {
            return Mapped.refused("clerkId missing or not a string");
        }
        if (source.containsKey("name") && !(source.get("name") instanceof String)) {
            return Mapped.refused("name is not a string");
        }
        String email = text(source, "email");
        String image = text(source, "profileImageUrl");
        Instant createdAt = instantOr(source, "createdAt", id.getDate().toInstant());
        Instant updatedAt = instantOr(source, "updatedAt", createdAt);
        return Mapped.of(new UserProfile(id, clerkId, displayName(text(source, "name")),
                email == null ? null : email.toLowerCase(java.util.Locale.ROOT), image == null ? "" : image,
                createdAt, updatedAt, null, null));
    }

    /**
     * The name as the Express app meant it. It stored {@code `${first_name} ${last_name}`}, which turns a missing
     * part into the word {@code null} (Clerk sends null for a name part the user never gave): "Ada null",
     * "null null". This backend shows a user without a name as {@link UserService#PLACEHOLDER_NAME}.
     */
    public static String displayName(String stored) {
        if (stored == null) {
            return UserService.PLACEHOLDER_NAME;
        }
        String name = stored.strip();
        int space = name.indexOf(' ');
        if (space > 0 && name.indexOf(' ', space + 1) < 0) {
            String first = name.substring(0, space);
            String last = name.substring(space + 1);
            boolean firstMissing = isTemplateNothing(first);
            boolean lastMissing = isTemplateNothing(last);
            name = firstMissing && lastMissing ? "" : firstMissing ? last : lastMissing ? first : name;
        } else if (isTemplateNothing(name)) {
            name = "";
        }
        return name.isEmpty() ? UserService.PLACEHOLDER_NAME : name;
    }

    private static boolean isTemplateNothing(String part) {
        return part.equals("null") || part.equals("undefined");
    }

    /** The source document's {@code updatedAt}, which the copy remembers to tell later changes at the source. */
    public static Instant sourceUpdatedAt(Document source) {
        Instant createdAt = source.get("_id") instanceof ObjectId id ? id.getDate().toInstant() : Instant.EPOCH;
        return instantOr(source, "updatedAt", instantOr(source, "createdAt", createdAt));
    }

    /**
     * A session, its people translated from {@code User} ObjectIds to Clerk ids by {@code clerkIdOf} (empty: that
     * user's record is gone). Mapped as the Express app left it in Stream:
     * <ul>
     * <li>active: its call and channel exist (create made both before answering 201); a participant was added to
     *     the channel by the join route, which is all its join did in Stream, so {@code participantInStream} is
     *     true and the cleanup does not join again;</li>
     * <li>completed: the end route hard-deleted call and channel before it saved {@code completed}, so no teardown
     *     is owed; ended by its host (the only way the Express app ended a session) at its last write;</li>
     * <li>active with a host whose record is gone: ended now as this backend ends a deleted host's sessions
     *     ({@code host-deleted}), with the teardown of its call and channel owed to the cleanup;</li>
     * <li>a user whose record is gone is kept as {@link #MISSING_USER_PREFIX}{@code <ObjectId>}, shown as a deleted
     *     user, so the other person still finds the session among their recent ones.</li>
     * </ul>
     */
    public static Mapped<Session> session(Document source, Function<ObjectId, Optional<String>> clerkIdOf, Instant now) {
        if (!(source.get("_id") instanceof ObjectId id)) {
            return Mapped.refused("_id is not an ObjectId");
        }
        String title = text(source, "problemTitle");
        if (title == null || !NewSession.validTitle(title.strip())) {
            return Mapped.refused("problemTitle missing, empty or longer than " + NewSession.MAX_TITLE_LENGTH + " characters");
        }
        Optional<Difficulty> difficulty = Difficulty.parse(text(source, "difficulty"));
        if (difficulty.isEmpty()) {
            return Mapped.refused("difficulty is not easy, medium or hard");
        }
        if (!(source.get("hostId") instanceof ObjectId host)) {
            return Mapped.refused("hostId missing or not an ObjectId");
        }
        Object participantValue = source.get("participantId");
        if (participantValue != null && !(participantValue instanceof ObjectId)) {
            return Mapped.refused("participantId is not an ObjectId");
        }
        ObjectId participant = (ObjectId) participantValue;
        if (participant != null && participant.equals(host)) {
            return Mapped.refused("participantId is the host");
        }
        // Mongoose's default: a document written without a status is active.
        String statusText = source.containsKey("status") ? text(source, "status") : "active";
        SessionStatus status;
        if ("active".equals(statusText)) {
            status = SessionStatus.ACTIVE;
        } else if ("completed".equals(statusText)) {
            status = SessionStatus.COMPLETED;
        } else {
            return Mapped.refused("status is not active or completed");
        }
        String callId = text(source, "callId");
        if (callId == null || !STREAM_ID.matcher(callId).matches()) {
            return Mapped.refused("callId missing, empty or not a Stream id");
        }
        Instant createdAt = instantOr(source, "createdAt", id.getDate().toInstant());
        Instant updatedAt = instantOr(source, "updatedAt", createdAt);
        Optional<String> hostClerkId = clerkIdOf.apply(host);
        String hostIdHere = hostClerkId.orElse(MISSING_USER_PREFIX + host.toHexString());
        String participantIdHere = participant == null ? null
                : clerkIdOf.apply(participant).orElse(MISSING_USER_PREFIX + participant.toHexString());
        boolean inStream = participant != null;
        if (status == SessionStatus.COMPLETED) {
            return Mapped.of(new Session(id, title.strip(), difficulty.get(), hostIdHere, participantIdHere, status, callId,
                    createdAt, updatedAt, updatedAt, updatedAt, EndReason.HOST.stored(), inStream, false));
        }
        if (hostClerkId.isEmpty()) {
            return Mapped.of(new Session(id, title.strip(), difficulty.get(), hostIdHere, participantIdHere,
                    SessionStatus.COMPLETED, callId, createdAt, now, updatedAt, now, EndReason.HOST_DELETED.stored(),
                    inStream, true));
        }
        return Mapped.of(new Session(id, title.strip(), difficulty.get(), hostIdHere, participantIdHere, status, callId,
                createdAt, updatedAt, updatedAt, null, null, inStream, false));
    }

    private static String text(Document source, String field) {
        return source.get(field) instanceof String value ? value : null;
    }

    private static Instant instantOr(Document source, String field, Instant otherwise) {
        return source.get(field) instanceof Date ? Documents.instant(source, field) : otherwise;
    }
}
