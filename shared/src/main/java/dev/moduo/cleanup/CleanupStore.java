package dev.moduo.cleanup;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.moduo.mongo.Documents;
import dev.moduo.session.Session;
import dev.moduo.session.SessionLeases;
import dev.moduo.session.SessionRepository;
import dev.moduo.session.SessionStatus;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/** The cleanup's reads and writes on {@code sessions}; every write is conditional on holding the session's lease. */
@Singleton
public class CleanupStore {

    private static final FindOneAndUpdateOptions RETURN_AFTER =
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    private final MongoCollection<Document> sessions;

    public CleanupStore(SessionRepository repository) {
        this.sessions = repository.collection();
        // Owed teardowns are few among many completed sessions; the status indexes cover the other kinds.
        sessions.createIndex(Indexes.compoundIndex(Indexes.ascending("teardownPending"), Indexes.ascending("_id")),
                new IndexOptions().name("teardown_owed"));
    }

    /** Up to {@code limit} sessions matching {@code condition} that nobody holds, oldest first, after {@code after}. */
    List<Session> candidates(Bson condition, Instant now, ObjectId after, int limit) {
        Bson filter = and(condition, SessionLeases.free(now));
        if (after != null) {
            filter = and(filter, gt("_id", after));
        }
        List<Session> page = new ArrayList<>();
        for (Document document : sessions.find(filter).sort(Sorts.ascending("_id")).limit(limit)) {
            page.add(SessionRepository.toSession(document));
        }
        return page;
    }

    /** Removes a rolled-back create's document; its Stream side is already gone. */
    boolean deleteAbandoned(ObjectId id, String owner) {
        return sessions.deleteOne(and(eq("_id", id), eq("status", SessionStatus.CREATING.stored()),
                SessionLeases.heldBy(owner))).getDeletedCount() == 1;
    }

    /**
     * Ends the session as a host's end does, with its teardown owed, if it is still active and still
     * idle: a join or a participant event since the cleanup looked makes it match nothing.
     */
    Optional<Session> completeIdle(ObjectId id, Instant idleSince, String owner, String reason, Instant now) {
        Bson filter = and(eq("_id", id), eq("status", SessionStatus.ACTIVE.stored()),
                lt("lastActivityAt", Documents.date(idleSince)), SessionLeases.heldBy(owner));
        Bson update = Updates.combine(
                Updates.set("status", SessionStatus.COMPLETED.stored()),
                Updates.set("endedAt", Documents.date(now)),
                Updates.set("endedReason", reason),
                Updates.set("updatedAt", Documents.date(now)),
                Updates.set("teardownPending", true));
        return Optional.ofNullable(sessions.findOneAndUpdate(filter, update, RETURN_AFTER))
                .map(SessionRepository::toSession);
    }

    /** Someone is in the call: that is activity, and the session is not looked at again for a while. */
    boolean recordActivity(ObjectId id, String owner, Instant now) {
        return sessions.updateOne(and(eq("_id", id), eq("status", SessionStatus.ACTIVE.stored()),
                        SessionLeases.heldBy(owner)),
                Updates.combine(Updates.set("lastActivityAt", Documents.date(now)),
                        Updates.set("updatedAt", Documents.date(now))))
                .getModifiedCount() == 1;
    }
}
