package dev.moduo.user;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import dev.moduo.mongo.DatabaseErrors;
import dev.moduo.mongo.Documents;
import dev.moduo.mongo.IndexesOnce;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/** The {@code users} collection. */
@Singleton
public class UserRepository {

    public static final String COLLECTION = "users";
    /** {@code limits.<kind>.<window>}: the user's requests of each limited kind per window ({@link #findOrCreateCounting}). */
    public static final String LIMITS = "limits";
    /** A profile read for showing needs none of the per-user limits' counts, which grow with the user's activity. */
    private static final Bson WITHOUT_COUNTS = Projections.exclude(LIMITS);
    /** How many windows before the current one a count drops: a day of hourly windows. */
    static final int WINDOWS_DROPPED = 24;
    private static final Pattern DUPLICATE_INDEX = Pattern.compile("index: (\\S+) dup key");

    private final IndexesOnce indexed;

    public UserRepository(MongoDatabase database) {
        this.indexed = new IndexesOnce(database.getCollection(COLLECTION), List.of(
                new IndexModel(Indexes.ascending("clerkId"), new IndexOptions().unique(true).name("clerkId_unique"))));
    }

    private MongoCollection<Document> users() {
        return indexed.ready();
    }

    public Optional<UserProfile> findByClerkId(String clerkId) {
        return Optional.ofNullable(users().find(eq("clerkId", clerkId)).projection(WITHOUT_COUNTS).first()).map(UserRepository::toProfile);
    }

    public Map<String, UserProfile> findByClerkIds(Collection<String> clerkIds) {
        Map<String, UserProfile> result = new HashMap<>();
        if (clerkIds.isEmpty()) {
            return result;
        }
        for (Document document : users().find(in("clerkId", clerkIds)).projection(WITHOUT_COUNTS)) {
            UserProfile profile = toProfile(document);
            result.put(profile.clerkId(), profile);
        }
        return result;
    }

    /**
     * Returns the user, creating a minimal record from what the session token tells when the Clerk
     * webhook has not arrived yet. An existing record is never changed here: the webhook owns it.
     */
    public UserProfile findOrCreate(String clerkId, String name, String email, String imageUrl, Instant now) {
        return findOrCreate(clerkId, name, email, imageUrl, now, null).profile();
    }

    /**
     * {@link #findOrCreate} and one more request of the user's kind {@code counter} in {@code window}, in the same
     * atomic command: the record counts the kind's requests per window ({@code limits.<counter>.<window>}), and
     * the answer says how many fell in {@code window}, this one included. Concurrent requests each see a distinct
     * count (MongoDB applies updates of one document one at a time). The same command drops the kind's counts of
     * the {@link #WINDOWS_DROPPED} windows before; a count older than that (the user came back after more than a
     * day away) is dropped by one more command, sent only then, so a record never holds more than a day of counts.
     */
    public Counted findOrCreateCounting(String clerkId, String name, String email, String imageUrl, Instant now,
                                        String counter, long window) {
        return findOrCreate(clerkId, name, email, imageUrl, now, new Count(counter, window));
    }

    /** The user, and how many of the counted kind's requests fell in the window (0 when nothing was counted). */
    public record Counted(UserProfile profile, long inWindow) {
    }

    private record Count(String counter, long window) {
    }

    /** One more in the count's window; the counts of the windows before it dropped. */
    private static Bson counting(Count count) {
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.inc(countField(count.counter(), count.window()), 1L));
        for (long before = count.window() - WINDOWS_DROPPED; before < count.window(); before++) {
            updates.add(Updates.unset(countField(count.counter(), before)));
        }
        return Updates.combine(updates);
    }

    private static String countField(String counter, long window) {
        return LIMITS + "." + counter + "." + window;
    }

    private Counted findOrCreate(String clerkId, String name, String email, String imageUrl, Instant now, Count count) {
        Bson update = Updates.combine(
                Updates.setOnInsert("clerkId", clerkId),
                Updates.setOnInsert("name", name),
                Updates.setOnInsert("email", email),
                Updates.setOnInsert("profileImageUrl", imageUrl == null ? "" : imageUrl),
                Updates.setOnInsert("createdAt", Documents.date(now)),
                Updates.setOnInsert("updatedAt", Documents.date(now)));
        if (count != null) {
            update = Updates.combine(update, counting(count));
        }
        FindOneAndUpdateOptions options = new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
        try {
            Document user = users().findOneAndUpdate(eq("clerkId", clerkId), update, options);
            dropCountsOlderThanADay(user, count);
            return counted(user, count);
        } catch (MongoServerException e) {
            // findAndModify reports a duplicate key as a command error (MongoCommandException), not a write error.
            if (!DatabaseErrors.isDuplicateKey(e)) {
                throw e;
            }
            // Two first requests of one user raced to insert, and the unique clerkId index let one win...
            if (count != null) {
                // ...the loser's request must be counted too, on the winner's record.
                Document winner = users().findOneAndUpdate(eq("clerkId", clerkId), update,
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                if (winner != null) {
                    return counted(winner, count);
                }
            } else {
                Optional<UserProfile> winner = findByClerkId(clerkId);
                if (winner.isPresent()) {
                    return new Counted(winner.get(), 0);
                }
            }
            // ...or another unique index refused the record: on a database the Express app made, Mongoose's
            // email_1 is unique and not sparse, so a second user without an e-mail (a missing field indexes
            // as null) or one whose address another record holds cannot be stored. Decision: the request
            // goes on with the profile the token gives, unstored (UserProfile#id null); the webhook, or a
            // later request once the conflict is gone, stores it. Failing the request instead would lock the
            // user out of every route for as long as the other record exists. With no record there is no
            // count either: such a user's requests are not limited until the record can be stored.
            logNotStored("Profile from the session token not stored", clerkId, e);
            return new Counted(new UserProfile(null, clerkId, name, email, imageUrl == null ? "" : imageUrl, now, now,
                    null, null), 0);
        }
    }

    /**
     * The counting command can name only a fixed set of windows to drop; a count left before a longer absence
     * is found in the record it answered and dropped here. Housekeeping: a failure leaves it for the next return.
     */
    private void dropCountsOlderThanADay(Document user, Count count) {
        if (count == null || !(user.get(LIMITS) instanceof Document limits && limits.get(count.counter()) instanceof Document windows)) {
            return;
        }
        List<Bson> stale = new ArrayList<>();
        for (String window : windows.keySet()) {
            if (isLong(window) && Long.parseLong(window) < count.window() - WINDOWS_DROPPED) {
                stale.add(Updates.unset(countField(count.counter(), Long.parseLong(window))));
            }
        }
        if (stale.isEmpty()) {
            return;
        }
        try {
            users().updateOne(eq("clerkId", user.getString("clerkId")), Updates.combine(stale));
        } catch (MongoException e) {
            EventLog.event("UserRepository", "Counts older than a day not dropped; the user's next return drops them",
                    Json.object().put("clerkId", user.getString("clerkId")).put("counter", count.counter())
                            .put("error", e.getClass().getSimpleName()));
        }
    }

    private static boolean isLong(String text) {
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Counted counted(Document user, Count count) {
        long inWindow = 0;
        if (count != null && user.get(LIMITS) instanceof Document limits && limits.get(count.counter()) instanceof Document windows
                && windows.get(Long.toString(count.window())) instanceof Number counted) {
            inWindow = counted.longValue();
        }
        return new Counted(toProfile(user), inWindow);
    }

    /** What {@link #applyClerkProfile} did. */
    public enum ProfileWrite {
        /** The profile was written. */
        APPLIED,
        /** The record holds a Clerk event as new or newer; nothing changed. */
        OUTDATED,
        /** Another unique index (the Express app's {@code email_1}) refused the profile; nothing changed. */
        REFUSED
    }

    /**
     * Writes the profile from a Clerk webhook, creating the record if needed, unless the record already
     * holds a Clerk event that is as new or newer ({@code clerkUpdatedAt}), or another unique index
     * refuses it: nothing changes then.
     */
    public ProfileWrite applyClerkProfile(ClerkProfile user, Instant now) {
        Bson filter = and(eq("clerkId", user.id()),
                or(eq("clerkUpdatedAt", null), lt("clerkUpdatedAt", user.updatedAt())));
        Bson update = Updates.combine(
                Updates.set("name", user.name()),
                Updates.set("email", user.email()),
                Updates.set("profileImageUrl", user.imageUrl()),
                Updates.set("clerkUpdatedAt", user.updatedAt()),
                Updates.set("updatedAt", Documents.date(now)),
                Updates.setOnInsert("createdAt", Documents.date(now)));
        try {
            UpdateResult result = users().updateOne(filter, update, new UpdateOptions().upsert(true));
            return result.getModifiedCount() == 1 || result.getUpsertedId() != null ? ProfileWrite.APPLIED : ProfileWrite.OUTDATED;
        } catch (MongoServerException e) {
            if (!DatabaseErrors.isDuplicateKey(e)) {
                throw e;
            }
            // The record exists with a newer event, so the filter missed and the upsert hit the unique clerkId...
            Long stored = findByClerkId(user.id()).map(UserProfile::clerkUpdatedAt).orElse(null);
            if (stored != null && stored >= user.updatedAt()) {
                return ProfileWrite.OUTDATED;
            }
            // ...or another unique index refused the profile (see findOrCreate). Retrying would be refused
            // again, so the delivery is answered as handled and the log says why.
            logNotStored("Profile from the Clerk webhook not stored", user.id(), e);
            return ProfileWrite.REFUSED;
        }
    }

    /**
     * Names the index that refused the write (read from the server's E11000 message, which both MongoDB
     * and mongo-java-server phrase "... index: <name> dup key: ..."), never the duplicated value: it may
     * be the user's e-mail address.
     */
    private static void logNotStored(String what, String clerkId, MongoServerException e) {
        Matcher index = DUPLICATE_INDEX.matcher(String.valueOf(e.getMessage()));
        EventLog.event("UserRepository", what + ": another unique index of the users collection refused it",
                Json.object().put("clerkId", clerkId).put("index", index.find() ? index.group(1) : "unknown")
                        .put("code", e.getCode()));
    }


    public boolean deleteByClerkId(String clerkId) {
        return users().deleteOne(eq("clerkId", clerkId)).getDeletedCount() == 1;
    }

    /** Remembers that Stream has this user as of {@code syncedAt}. */
    public void markSyncedToStream(String clerkId, Instant syncedAt) {
        users().updateOne(eq("clerkId", clerkId), Updates.set("streamSyncedAt", Documents.date(syncedAt)));
    }

    // --- copied in from another backend's database (dev.moduo.migration)

    /** What {@link #copyIn} did (or, for {@link #wouldCopyIn}, would do) with one source user. */
    public enum Copy {
        /** No record of this Clerk id here: inserted with the source's {@code _id}. */
        COPIED,
        /** A record of this Clerk id with the same {@code _id} is here (an earlier run): left as it is. */
        ALREADY_PRESENT,
        /**
         * A record of this Clerk id is here under another {@code _id} (this backend made it from a session token
         * before the copy): left as it is. Sessions refer to users by Clerk id, so they still find it.
         */
        PRESENT_WITH_OTHER_ID,
        /** A unique index refused it (the source's {@code _id} belongs to another user here, or an e-mail index). */
        REFUSED
    }

    /**
     * Inserts {@code user} (with its own {@code _id}) unless a record of its Clerk id exists: an existing record is
     * never changed, since from the first copy on this backend owns it (Clerk's webhooks, tokens). Safe to repeat.
     */
    public Copy copyIn(UserProfile user, String source, Instant now) {
        Bson update = Updates.combine(
                Updates.setOnInsert("_id", user.id()),
                Updates.setOnInsert("name", user.name()),
                Updates.setOnInsert("email", user.email()),
                Updates.setOnInsert("profileImageUrl", user.profileImageUrl() == null ? "" : user.profileImageUrl()),
                Updates.setOnInsert("createdAt", Documents.date(user.createdAt())),
                Updates.setOnInsert("updatedAt", Documents.date(user.updatedAt())),
                Updates.setOnInsert("migratedFrom", new Document("source", source).append("copiedAt", Documents.date(now))));
        try {
            if (users().updateOne(eq("clerkId", user.clerkId()), update, new UpdateOptions().upsert(true)).getUpsertedId() != null) {
                return Copy.COPIED;
            }
        } catch (MongoServerException e) {
            if (!DatabaseErrors.isDuplicateKey(e)) {
                throw e;
            }
            logNotStored("Profile copied from " + source + " not stored", user.clerkId(), e);
            return Copy.REFUSED;
        }
        return compareWithCopy(users().find(eq("clerkId", user.clerkId())).first(), user);
    }

    /** What {@link #copyIn} would do, found by reading only: no write, no index, not even the database is made. */
    public Copy wouldCopyIn(UserProfile user) {
        MongoCollection<Document> asIs = indexed.asIs();
        Document present = asIs.find(eq("clerkId", user.clerkId())).first();
        if (present != null) {
            return compareWithCopy(present, user);
        }
        return asIs.find(eq("_id", user.id())).first() == null ? Copy.COPIED : Copy.REFUSED;
    }

    private static Copy compareWithCopy(Document present, UserProfile user) {
        return present != null && user.id().equals(present.get("_id")) ? Copy.ALREADY_PRESENT : Copy.PRESENT_WITH_OTHER_ID;
    }

    /** The Clerk ids of the records with these {@code _id}s (reads only; see {@link #wouldCopyIn}). */
    public Map<ObjectId, String> clerkIdsOf(Collection<ObjectId> ids) {
        Map<ObjectId, String> result = new HashMap<>();
        if (ids.isEmpty()) {
            return result;
        }
        for (Document document : indexed.asIs().find(in("_id", ids)).projection(new Document("clerkId", 1))) {
            if (document.get("_id") instanceof ObjectId id && document.getString("clerkId") != null) {
                result.put(id, document.getString("clerkId"));
            }
        }
        return result;
    }

    public MongoCollection<Document> collection() {
        return users();
    }

    public static UserProfile toProfile(Document document) {
        Object clerkUpdatedAt = document.get("clerkUpdatedAt");
        return new UserProfile(
                document.getObjectId("_id"),
                document.getString("clerkId"),
                document.getString("name"),
                document.getString("email"),
                document.getString("profileImageUrl"),
                Documents.instant(document, "createdAt"),
                Documents.instant(document, "updatedAt"),
                clerkUpdatedAt instanceof Number number ? number.longValue() : null,
                Documents.instant(document, "streamSyncedAt"));
    }
}
