package dev.moduo.session;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.moduo.mongo.Documents;
import dev.moduo.mongo.IndexesOnce;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/** The {@code sessions} collection. Every state change is one conditional, atomic update. */
@Singleton
public class SessionRepository {

    public static final String COLLECTION = "sessions";

    private static final FindOneAndUpdateOptions RETURN_AFTER =
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    private final IndexesOnce indexed;

    public SessionRepository(MongoDatabase database) {
        this.indexed = new IndexesOnce(database.getCollection(COLLECTION), List.of(
                new IndexModel(Indexes.ascending("callId"), new IndexOptions().unique(true).name("callId_unique")),
                new IndexModel(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("_id")),
                        new IndexOptions().name("status_newest")),
                new IndexModel(Indexes.compoundIndex(Indexes.ascending("hostId"), Indexes.ascending("status"),
                        Indexes.descending("_id")), new IndexOptions().name("host_status_newest")),
                new IndexModel(Indexes.compoundIndex(Indexes.ascending("participantId"), Indexes.ascending("status"),
                        Indexes.descending("_id")), new IndexOptions().name("participant_status_newest")),
                new IndexModel(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.ascending("lastActivityAt")),
                        new IndexOptions().name("status_lastActivity")),
                // Owed teardowns are few among many completed sessions; the cleanup looks for them.
                new IndexModel(Indexes.compoundIndex(Indexes.ascending("teardownPending"), Indexes.ascending("_id")),
                        new IndexOptions().name("teardown_owed"))));
    }

    private MongoCollection<Document> sessions() {
        return indexed.ready();
    }

    /**
     * Stores a session as it is given. Create does not use it: it goes through {@link SessionLeases},
     * which inserts the {@code creating} document together with the lease of the request making it.
     */
    public void insert(Session session) {
        sessions().insertOne(toDocument(session));
    }

    /** Removes a session whose create was rolled back; never one that became active. */
    public boolean deleteCreating(ObjectId id) {
        return sessions().deleteOne(and(eq("_id", id), eq("status", SessionStatus.CREATING.stored())))
                .getDeletedCount() == 1;
    }

    public Optional<Session> findById(ObjectId id) {
        return Optional.ofNullable(sessions().find(eq("_id", id)).first()).map(SessionRepository::toSession);
    }

    /**
     * Makes {@code userId} the participant if the seat is free or already theirs, in one atomic
     * update: of any number of concurrent joiners exactly one matches. Empty when the update matched
     * nothing (the caller then reads the session to say why).
     */
    public Optional<Session> claimParticipant(ObjectId id, String userId, Instant now) {
        Bson filter = and(
                eq("_id", id),
                eq("status", SessionStatus.ACTIVE.stored()),
                ne("hostId", userId),
                or(eq("participantId", null), eq("participantId", userId)));
        Bson update = Updates.combine(
                Updates.set("participantId", userId),
                Updates.set("updatedAt", Documents.date(now)),
                Updates.set("lastActivityAt", Documents.date(now)));
        return Optional.ofNullable(sessions().findOneAndUpdate(filter, update, RETURN_AFTER)).map(SessionRepository::toSession);
    }

    public void markParticipantInStream(ObjectId id, String userId, Instant now) {
        sessions().updateOne(and(eq("_id", id), eq("participantId", userId)),
                Updates.combine(Updates.set("participantInStream", true), Updates.set("updatedAt", Documents.date(now))));
    }

    /**
     * Ends an active session in MongoDB first, with its Stream teardown still owed, so that the
     * session is ended for users whatever Stream does; the teardown flag is cleared once Stream is done.
     */
    public Optional<Session> complete(ObjectId id, String reason, Instant now) {
        Bson update = Updates.combine(
                Updates.set("status", SessionStatus.COMPLETED.stored()),
                Updates.set("endedAt", Documents.date(now)),
                Updates.set("endedReason", reason),
                Updates.set("updatedAt", Documents.date(now)),
                Updates.set("teardownPending", true));
        return Optional.ofNullable(sessions().findOneAndUpdate(
                and(eq("_id", id), eq("status", SessionStatus.ACTIVE.stored())), update, RETURN_AFTER))
                .map(SessionRepository::toSession);
    }

    public void markTeardownDone(ObjectId id) {
        sessions().updateOne(eq("_id", id), Updates.set("teardownPending", false));
    }

    public List<Session> listActive(PageRequest page) {
        return list(eq("status", SessionStatus.ACTIVE.stored()), page);
    }

    public List<Session> listCompletedOf(String userId, PageRequest page) {
        return list(and(eq("status", SessionStatus.COMPLETED.stored()),
                or(eq("hostId", userId), eq("participantId", userId))), page);
    }

    /** Reads one more than the page size, so the caller knows whether another page follows. */
    private List<Session> list(Bson filter, PageRequest page) {
        Bson query = page.before() == null ? filter : and(filter, lt("_id", page.before()));
        List<Session> result = new ArrayList<>();
        for (Document document : sessions().find(query).sort(Sorts.descending("_id")).limit(page.limit() + 1)) {
            result.add(toSession(document));
        }
        return result;
    }

    public Optional<Session> findByCallId(String callId) {
        return Optional.ofNullable(sessions().find(eq("callId", callId)).first()).map(SessionRepository::toSession);
    }

    /** The active sessions {@code hostId} runs (normally one), oldest first. */
    public List<Session> listActiveHostedBy(String hostId) {
        List<Session> result = new ArrayList<>();
        for (Document document : sessions().find(and(eq("hostId", hostId), eq("status", SessionStatus.ACTIVE.stored())))
                .sort(Sorts.ascending("_id"))) {
            result.add(toSession(document));
        }
        return result;
    }

    public MongoCollection<Document> collection() {
        return sessions();
    }

    static Document toDocument(Session session) {
        return new Document("_id", session.id())
                .append("problemTitle", session.problemTitle())
                .append("difficulty", session.difficulty().wire())
                .append("hostId", session.hostId())
                .append("participantId", session.participantId())
                .append("status", session.status().stored())
                .append("callId", session.callId())
                .append("createdAt", Documents.date(session.createdAt()))
                .append("updatedAt", Documents.date(session.updatedAt()))
                .append("lastActivityAt", Documents.date(session.lastActivityAt()))
                .append("endedAt", Documents.date(session.endedAt()))
                .append("endedReason", session.endedReason())
                .append("participantInStream", session.participantInStream())
                .append("teardownPending", session.teardownPending());
    }

    public static Session toSession(Document document) {
        return new Session(
                document.getObjectId("_id"),
                document.getString("problemTitle"),
                Difficulty.parse(document.getString("difficulty")).orElse(Difficulty.EASY),
                document.getString("hostId"),
                document.getString("participantId"),
                SessionStatus.fromStored(document.getString("status")),
                document.getString("callId"),
                Documents.instant(document, "createdAt"),
                Documents.instant(document, "updatedAt"),
                Documents.instant(document, "lastActivityAt"),
                Documents.instant(document, "endedAt"),
                document.getString("endedReason"),
                Documents.flag(document, "participantInStream"),
                Documents.flag(document, "teardownPending"),
                CallPresence.connectedUsers(document));
    }
}
