package dev.moduo.session;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.moduo.mongo.Documents;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The {@link Lease} on a session document: taken with one conditional update, so of two workers
 * (a create and a cleanup run, or two overlapping cleanup runs) exactly one holds it at a time.
 */
@Singleton
public class SessionLeases {

    static final String LEASE = "lease";
    static final String OWNER = "lease.owner";
    static final String UNTIL = "lease.until";

    private static final FindOneAndUpdateOptions RETURN_AFTER =
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    private final MongoCollection<Document> sessions;

    public SessionLeases(SessionRepository repository) {
        this.sessions = repository.collection();
    }

    /** Nobody holds the session: no lease, or one that has run out. */
    public static Bson free(Instant now) {
        return or(eq(LEASE, null), lte(UNTIL, Documents.date(now)));
    }

    public static Bson heldBy(String owner) {
        return eq(OWNER, owner);
    }

    /** Create's first step: the session exists as {@code creating}, held by the create until its lease runs out. */
    public void insertCreating(Session session, Lease lease) {
        sessions.insertOne(SessionRepository.toDocument(session).append(LEASE, document(lease)));
    }

    /**
     * Create's last step, only while the create still holds its lease: once a cleanup run has taken
     * the session over to remove it, a late create must not make it active.
     */
    public boolean activate(ObjectId id, String owner, Instant now) {
        return sessions.updateOne(
                and(eq("_id", id), eq("status", SessionStatus.CREATING.stored()), heldBy(owner)),
                Updates.combine(Updates.set("status", SessionStatus.ACTIVE.stored()),
                        Updates.set("updatedAt", Documents.date(now)),
                        Updates.unset(LEASE)))
                .getModifiedCount() == 1;
    }

    /** Takes the session if it still matches {@code condition} and nobody holds it. */
    public Optional<Session> claim(ObjectId id, Bson condition, Lease lease, Instant now) {
        return Optional.ofNullable(sessions.findOneAndUpdate(
                and(eq("_id", id), condition, free(now)),
                Updates.set(LEASE, document(lease)), RETURN_AFTER))
                .map(SessionRepository::toSession);
    }

    /**
     * Gives the session back, if {@code owner} still holds it, so that the next cleanup run may work on
     * it at once. Not for a {@code creating} session: see {@link #expire}.
     */
    public boolean release(ObjectId id, String owner) {
        return sessions.updateOne(and(eq("_id", id), heldBy(owner)), Updates.unset(LEASE)).getModifiedCount() == 1;
    }

    /**
     * Ends the lease now but keeps it on the document: a {@code creating} session that carries a lease is
     * one the cleanup may take over as soon as the lease has run out.
     */
    public boolean expire(ObjectId id, String owner, Instant now) {
        return sessions.updateOne(and(eq("_id", id), heldBy(owner)), Updates.set(UNTIL, Documents.date(now)))
                .getModifiedCount() == 1;
    }

    private static Document document(Lease lease) {
        return new Document("owner", lease.owner()).append("until", Documents.date(lease.until()));
    }
}
