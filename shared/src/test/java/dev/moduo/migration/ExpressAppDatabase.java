package dev.moduo.migration;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * A database as the Express app (KeepSerene/moduo-video-calling-interview-platform-mern, backend/, Mongoose 8)
 * leaves it, written the way its code writes: collections {@code users} and {@code sessions} (Mongoose's
 * lower-cased plural of the model names), each made by Mongoose's autoCreate, then autoIndex's unique
 * {@code clerkId_1} and {@code email_1} on users (no index but {@code _id_} on sessions); documents with
 * {@code timestamps: true} ({@code createdAt}, {@code updatedAt}) and {@code versionKey} {@code __v: 0}.
 *
 * <ul>
 * <li>{@link #signUp}: the Inngest {@code clerk/user.created} function's {@code User.create} with
 *     {@code name: `${first_name} ${last_name}`} (a null part becomes "null"), the first e-mail, {@code image_url};</li>
 * <li>{@link #create}: {@code handleCreateSession}'s {@code Session.create} (difficulty lower-cased, participant
 *     null by default, status active by default, {@code callId = session_<ms>_<base36>});</li>
 * <li>{@link #join} and {@link #end}: {@code session.save()} after setting {@code participantId} or
 *     {@code status}, which Mongoose sends as {@code $set} of the changed path and {@code updatedAt};</li>
 * <li>{@link #deleteAccount}: the {@code clerk/user.deleted} function's {@code User.deleteOne({clerkId})}, which
 *     leaves the user's sessions pointing at a record that is gone.</li>
 * </ul>
 */
public final class ExpressAppDatabase {

    private final MongoDatabase database;

    public ExpressAppDatabase(MongoDatabase database) {
        this.database = database;
        database.createCollection("users");
        database.createCollection("sessions");
        users().createIndex(Indexes.ascending("clerkId"), new IndexOptions().unique(true).background(true).name("clerkId_1"));
        users().createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).background(true).name("email_1"));
    }

    public MongoDatabase database() {
        return database;
    }

    public MongoCollection<Document> users() {
        return database.getCollection("users");
    }

    public MongoCollection<Document> sessions() {
        return database.getCollection("sessions");
    }

    public ObjectId signUp(String clerkId, String firstName, String lastName, String email, String imageUrl, Instant at) {
        ObjectId id = new ObjectId(Date.from(at));
        users().insertOne(new Document("clerkId", clerkId)
                .append("name", firstName + " " + lastName)
                .append("email", email.toLowerCase(Locale.ROOT))
                .append("profileImageUrl", imageUrl == null ? "" : imageUrl)
                .append("_id", id)
                .append("createdAt", Date.from(at))
                .append("updatedAt", Date.from(at))
                .append("__v", 0));
        return id;
    }

    public ObjectId create(String problemTitle, String difficulty, ObjectId hostId, Instant at) {
        ObjectId id = new ObjectId(Date.from(at));
        sessions().insertOne(new Document("problemTitle", problemTitle)
                .append("difficulty", difficulty.toLowerCase(Locale.ROOT))
                .append("hostId", hostId)
                .append("participantId", null)
                .append("status", "active")
                .append("callId", callId(at, id))
                .append("_id", id)
                .append("createdAt", Date.from(at))
                .append("updatedAt", Date.from(at))
                .append("__v", 0));
        return id;
    }

    public void join(ObjectId sessionId, ObjectId userId, Instant at) {
        sessions().updateOne(new Document("_id", sessionId),
                Updates.combine(Updates.set("participantId", userId), Updates.set("updatedAt", Date.from(at))));
    }

    public void end(ObjectId sessionId, Instant at) {
        sessions().updateOne(new Document("_id", sessionId),
                Updates.combine(Updates.set("status", "completed"), Updates.set("updatedAt", Date.from(at))));
    }

    public void deleteAccount(String clerkId) {
        users().deleteOne(new Document("clerkId", clerkId));
    }

    public String callIdOf(ObjectId sessionId) {
        return sessions().find(new Document("_id", sessionId)).first().getString("callId");
    }

    /** {@code `session_${Date.now()}_${Math.random().toString(36).substring(7)}`}, made repeatable from the id. */
    private static String callId(Instant at, ObjectId id) {
        String random = Long.toString(Math.abs((long) id.hashCode()) + 1_000_000_000L, 36);
        return "session_" + at.toEpochMilli() + "_" + random;
    }
}
