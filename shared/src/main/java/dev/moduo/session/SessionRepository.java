package dev.moduo.session;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.moduo.mongo.DatabaseErrors;
import dev.moduo.mongo.Documents;
import dev.moduo.mongo.IndexesOnce;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The {@code sessions} collection, and the only class that knows its documents: every field name, filter
 * and update is here. Every state change is one conditional, atomic update, so that of two workers racing
 * for a change (two joiners, a create and a cleanup run, two overlapping cleanup runs) exactly one wins.
 */
@Singleton
public class SessionRepository {

    public static final String COLLECTION = "sessions";

    private static final String ID = "_id";
    private static final String PROBLEM_TITLE = "problemTitle";
    private static final String DIFFICULTY = "difficulty";
    private static final String HOST_ID = "hostId";
    private static final String PARTICIPANT_ID = "participantId";
    private static final String STATUS = "status";
    private static final String CALL_ID = "callId";
    private static final String CREATED_AT = "createdAt";
    private static final String UPDATED_AT = "updatedAt";
    private static final String LAST_ACTIVITY_AT = "lastActivityAt";
    private static final String ENDED_AT = "endedAt";
    private static final String ENDED_REASON = "endedReason";
    private static final String PARTICIPANT_IN_STREAM = "participantInStream";
    private static final String TEARDOWN_PENDING = "teardownPending";
    /** Written only when true: the sessions of a deployment that does not record keep their documents' shape. */
    private static final String RECORDABLE = "recordable";
    private static final String CALL_DELETE_NOT_BEFORE = "callDeleteNotBefore";
    /** {@code connections.<key> = {userId, userSessionId, connected, atNanos}}: see {@link CallPresence}. */
    private static final String CONNECTIONS = "connections";
    /** {@code lease: {owner, until}}: see {@link Lease}. */
    private static final String LEASE = "lease";
    private static final String LEASE_OWNER = "lease.owner";
    private static final String LEASE_UNTIL = "lease.until";

    private static final FindOneAndUpdateOptions RETURN_AFTER =
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

    private final IndexesOnce indexed;

    public SessionRepository(MongoDatabase database) {
        this.indexed = new IndexesOnce(database.getCollection(COLLECTION), List.of(
                new IndexModel(Indexes.ascending(CALL_ID), new IndexOptions().unique(true).name("callId_unique")),
                new IndexModel(Indexes.compoundIndex(Indexes.ascending(STATUS), Indexes.descending(ID)),
                        new IndexOptions().name("status_newest")),
                new IndexModel(Indexes.compoundIndex(Indexes.ascending(HOST_ID), Indexes.ascending(STATUS),
                        Indexes.descending(ID)), new IndexOptions().name("host_status_newest")),
                new IndexModel(Indexes.compoundIndex(Indexes.ascending(PARTICIPANT_ID), Indexes.ascending(STATUS),
                        Indexes.descending(ID)), new IndexOptions().name("participant_status_newest")),
                new IndexModel(Indexes.compoundIndex(Indexes.ascending(STATUS), Indexes.ascending(LAST_ACTIVITY_AT)),
                        new IndexOptions().name("status_lastActivity")),
                // Owed teardowns are few among many completed sessions; the cleanup looks for them.
                new IndexModel(Indexes.compoundIndex(Indexes.ascending(TEARDOWN_PENDING), Indexes.ascending(ID)),
                        new IndexOptions().name("teardown_owed"))));
    }

    // Made on first use, not at construction: a function's start must not need MongoDB.
    private MongoCollection<Document> sessions() {
        return indexed.ready();
    }

    // --- reads

    public Optional<Session> findById(ObjectId id) {
        return first(eq(ID, id));
    }

    public Optional<Session> findByCallId(String callId) {
        return first(eq(CALL_ID, callId));
    }

    public List<Session> listActive(PageRequest page) {
        return page(eq(STATUS, SessionStatus.ACTIVE.stored()), page);
    }

    public List<Session> listCompletedOf(String userId, PageRequest page) {
        return page(and(eq(STATUS, SessionStatus.COMPLETED.stored()), or(eq(HOST_ID, userId), eq(PARTICIPANT_ID, userId))), page);
    }

    /** The active sessions {@code hostId} runs (normally one), oldest first. */
    public List<Session> listActiveHostedBy(String hostId) {
        return all(and(eq(HOST_ID, hostId), eq(STATUS, SessionStatus.ACTIVE.stored())), Sorts.ascending(ID), 0);
    }

    // --- create: recorded as creating under the create's lease, then activated

    /** Create's first step: the session exists as {@code creating}, held by the create until its lease runs out. */
    public void insertCreating(Session session, Lease lease) {
        sessions().insertOne(toDocument(session).append(LEASE, leaseDocument(lease)));
    }

    /**
     * Create's last step, only while the create still holds its lease: once a cleanup run has taken the
     * session over to remove it, a late create must not make it active. Empty when it was taken over.
     */
    public Optional<Session> activate(ObjectId id, String leaseOwner, Instant now) {
        return update(and(eq(ID, id), eq(STATUS, SessionStatus.CREATING.stored()), heldBy(leaseOwner)),
                Updates.combine(Updates.set(STATUS, SessionStatus.ACTIVE.stored()), Updates.set(UPDATED_AT, Documents.date(now)),
                        Updates.unset(LEASE)));
    }

    /** Removes a session whose create was rolled back, while {@code leaseOwner} holds it; never one that became active. */
    public boolean deleteCreating(ObjectId id, String leaseOwner) {
        return sessions().deleteOne(and(eq(ID, id), eq(STATUS, SessionStatus.CREATING.stored()), heldBy(leaseOwner)))
                .getDeletedCount() == 1;
    }

    // --- join

    /**
     * Makes {@code userId} the participant if the seat is free, in one atomic update: of any number of
     * concurrent joiners exactly one matches. A participant who joins again (a reload, a second tab) finds the
     * seat theirs and the session unchanged but for its last activity: {@code updatedAt} moves only when the
     * participant is set, because the session object the other page holds must stay still. Empty when neither
     * matched (the caller then reads the session to say why).
     */
    public Optional<Session> claimParticipant(ObjectId id, String userId, Instant now) {
        Bson joinable = and(eq(ID, id), eq(STATUS, SessionStatus.ACTIVE.stored()), ne(HOST_ID, userId));
        Optional<Session> claimed = update(and(joinable, eq(PARTICIPANT_ID, null)),
                Updates.combine(Updates.set(PARTICIPANT_ID, userId), Updates.set(UPDATED_AT, Documents.date(now)),
                        Updates.set(LAST_ACTIVITY_AT, Documents.date(now))));
        if (claimed.isPresent()) {
            return claimed;
        }
        return update(and(joinable, eq(PARTICIPANT_ID, userId)), Updates.max(LAST_ACTIVITY_AT, Documents.date(now)));
    }

    /** Bookkeeping of join's Stream step: not a change the session's wire form shows. */
    public void markParticipantInStream(ObjectId id, String userId) {
        sessions().updateOne(and(eq(ID, id), eq(PARTICIPANT_ID, userId)), Updates.set(PARTICIPANT_IN_STREAM, true));
    }

    // --- end: completed first, with the Stream teardown owed; the flag is cleared once Stream is done

    /**
     * Completes {@code seen} if it is still active, with its teardown owed; for an {@link EndReason#onlyIfIdle}
     * reason only if nothing happened in it since it was read (a join or a participant event after the cleanup
     * looked makes this match nothing). Empty when it matched nothing.
     */
    public Optional<Session> complete(Session seen, EndReason reason, Instant now) {
        Bson filter = and(eq(ID, seen.id()), eq(STATUS, SessionStatus.ACTIVE.stored()));
        if (reason.onlyIfIdle()) {
            filter = and(filter, eq(LAST_ACTIVITY_AT, Documents.date(seen.lastActivityAt())));
        }
        return update(filter, completion(reason, now));
    }

    private static Bson completion(EndReason reason, Instant now) {
        return Updates.combine(
                Updates.set(STATUS, SessionStatus.COMPLETED.stored()),
                Updates.set(ENDED_AT, Documents.date(now)),
                Updates.set(ENDED_REASON, reason.stored()),
                Updates.set(UPDATED_AT, Documents.date(now)),
                Updates.set(TEARDOWN_PENDING, true));
    }

    /** {@link #complete} for the host's end of a session the caller has not read: only if {@code hostId} hosts it. */
    public Optional<Session> completeHostedBy(ObjectId id, String hostId, EndReason reason, Instant now) {
        return update(and(eq(ID, id), eq(HOST_ID, hostId), eq(STATUS, SessionStatus.ACTIVE.stored())), completion(reason, now));
    }

    public void markTeardownDone(ObjectId id) {
        sessions().updateOne(eq(ID, id), Updates.combine(Updates.set(TEARDOWN_PENDING, false),
                Updates.unset(CALL_DELETE_NOT_BEFORE)));
    }

    /**
     * The call of a completed session must stay until {@code notBefore} (its recordings, see {@link CallDeleteHold}):
     * its teardown stays owed, and the cleanup does not look at it before then.
     */
    public void holdCallDelete(ObjectId id, Instant notBefore) {
        sessions().updateOne(and(eq(ID, id), eq(TEARDOWN_PENDING, true)),
                Updates.set(CALL_DELETE_NOT_BEFORE, Documents.date(notBefore)));
    }

    /**
     * Something the hold of the call's delete depends on changed (a recording became ready or failed): the next
     * cleanup run decides again instead of waiting for the time it was given. The session stays held (its call was
     * ended and its channel deleted already). Nothing when no hold is owed.
     */
    public void reconsiderCallDelete(String callId, Instant now) {
        sessions().updateOne(and(eq(CALL_ID, callId), eq(TEARDOWN_PENDING, true), ne(CALL_DELETE_NOT_BEFORE, null)),
                Updates.min(CALL_DELETE_NOT_BEFORE, Documents.date(now)));
    }

    // --- presence

    /**
     * Records one connection's state as of {@code atNanos}, if the session is active and no newer event of that
     * connection was recorded (at the same instant a leave wins over a join); the last activity moves forward
     * to {@code activity}. False when nothing changed.
     */
    public boolean recordConnection(String callId, CallPresence.Connection connection, Instant activity) {
        String path = CONNECTIONS + "." + connection.key();
        Bson newer = connection.connected()
                ? lt(path + ".atNanos", connection.atNanos())
                : lte(path + ".atNanos", connection.atNanos());
        return sessions().updateOne(
                and(eq(CALL_ID, callId), eq(STATUS, SessionStatus.ACTIVE.stored()), or(exists(path, false), newer)),
                Updates.combine(
                        Updates.set(path, new Document("userId", connection.userId())
                                .append("userSessionId", connection.userSessionId())
                                .append("connected", connection.connected())
                                .append("atNanos", connection.atNanos())),
                        Updates.max(LAST_ACTIVITY_AT, Documents.date(activity))))
                .getModifiedCount() == 1;
    }

    // --- the cleanup's work: found by kind, each session claimed under a lease before anything is done

    /** Up to {@code limit} sessions of this kind of work that nobody holds, oldest first, after {@code after}. */
    public List<Session> candidates(CleanupTask task, Instant now, Duration staleAfter, ObjectId after, int limit) {
        Bson filter = and(condition(task, now, staleAfter), free(now));
        if (after != null) {
            filter = and(filter, gt(ID, after));
        }
        return all(filter, Sorts.ascending(ID), limit);
    }

    /** Takes the session if it still needs this work and nobody holds it. */
    public Optional<Session> claim(ObjectId id, CleanupTask task, Instant now, Duration staleAfter, Lease lease) {
        return update(and(eq(ID, id), condition(task, now, staleAfter), free(now)), Updates.set(LEASE, leaseDocument(lease)));
    }

    /**
     * Gives the session back, if {@code owner} still holds it, so that the next cleanup run may work on it at
     * once. Not for a {@code creating} session: see {@link #expireLease}.
     */
    public void releaseLease(ObjectId id, String owner) {
        sessions().updateOne(and(eq(ID, id), heldBy(owner)), Updates.unset(LEASE));
    }

    /**
     * Ends the lease now but keeps it on the document: a {@code creating} session that carries a lease is one
     * the cleanup may take over as soon as the lease has run out.
     */
    public void expireLease(ObjectId id, String owner, Instant now) {
        sessions().updateOne(and(eq(ID, id), heldBy(owner)), Updates.set(LEASE_UNTIL, Documents.date(now)));
    }

    /**
     * Someone is in the call: that is activity, and the session is not looked at again for a while. Only the
     * last activity moves: {@code updatedAt} is part of the session object, which stays still while active.
     */
    public void recordActivity(ObjectId id, String leaseOwner, Instant now) {
        sessions().updateOne(and(eq(ID, id), eq(STATUS, SessionStatus.ACTIVE.stored()), heldBy(leaseOwner)),
                Updates.set(LAST_ACTIVITY_AT, Documents.date(now)));
    }

    private static Bson condition(CleanupTask task, Instant now, Duration staleAfter) {
        return switch (task) {
            // A create that holds a lease is recognisable; one recorded without a lease is taken for abandoned
            // only once no Lambda could still be working on it.
            case ABANDONED_CREATE -> and(eq(STATUS, SessionStatus.CREATING.stored()),
                    or(ne(LEASE, null), lt(CREATED_AT, Documents.date(now.minus(CleanupTask.LONGEST_LAMBDA)))));
            case OWED_TEARDOWN -> and(eq(TEARDOWN_PENDING, true), eq(STATUS, SessionStatus.COMPLETED.stored()),
                    or(eq(CALL_DELETE_NOT_BEFORE, null), lte(CALL_DELETE_NOT_BEFORE, Documents.date(now))));
            case UNFINISHED_JOIN -> and(eq(STATUS, SessionStatus.ACTIVE.stored()), ne(PARTICIPANT_ID, null),
                    ne(PARTICIPANT_IN_STREAM, true));
            case IDLE -> and(eq(STATUS, SessionStatus.ACTIVE.stored()),
                    lt(LAST_ACTIVITY_AT, Documents.date(now.minus(staleAfter))));
        };
    }

    /** Nobody holds the session: no lease, or one that has run out. */
    private static Bson free(Instant now) {
        return or(eq(LEASE, null), lte(LEASE_UNTIL, Documents.date(now)));
    }

    private static Bson heldBy(String owner) {
        return eq(LEASE_OWNER, owner);
    }

    // --- copied in from another backend's database (dev.moduo.migration). The copy keeps the source's _id and
    // carries a marker {source, updatedAt, copiedAt}: a re-run brings over what changed at the source since,
    // but only into a copy that this backend has not changed (every change of state here moves updatedAt).

    private static final String COPIED_FROM = "migratedFrom";
    private static final String COPIED_VERSION = "migratedFrom.updatedAt";

    /** What {@link #copyIn} did (or, for {@link #wouldCopyIn}, would do) with one source session. */
    public enum Copy {
        /** Not here before: inserted. */
        COPIED,
        /** Here, and the source has not changed since it was copied. */
        ALREADY_PRESENT,
        /** Here as copied, unchanged by this backend, and the source changed since: brought up to date. */
        REFRESHED,
        /** The source changed since, but so did this backend's copy (or it is not a copy): kept as it is here. */
        CHANGED_HERE,
        /** Another session here already has this callId (unique): not copied. */
        CALL_ID_TAKEN
    }

    /**
     * Copies {@code session} (mapped from the source document, whose own {@code updatedAt} is
     * {@code sourceUpdatedAt}) unless it is here already; see {@link Copy}. Safe to repeat, and to run while
     * the functions serve: inserts and refreshes are conditional, so a change made here meanwhile wins.
     */
    public Copy copyIn(Session session, Instant sourceUpdatedAt, String source, Instant now) {
        Document present = sessions().find(eq(ID, session.id())).first();
        if (present == null) {
            try {
                sessions().insertOne(toDocument(session).append(COPIED_FROM, copiedFrom(source, sourceUpdatedAt, now)));
                return Copy.COPIED;
            } catch (MongoWriteException e) {
                if (!DatabaseErrors.isDuplicateKey(e)) {
                    throw e;
                }
                // Either a concurrent copy inserted this _id first, or callId_unique refused it.
                present = sessions().find(eq(ID, session.id())).first();
                if (present == null) {
                    return Copy.CALL_ID_TAKEN;
                }
            }
        }
        Copy copy = compareWithCopy(present, sourceUpdatedAt);
        if (copy != Copy.REFRESHED) {
            return copy;
        }
        Object copiedVersion = present.get(UPDATED_AT);
        boolean refreshed = sessions().updateOne(
                and(eq(ID, session.id()), eq(UPDATED_AT, copiedVersion), eq(COPIED_VERSION, copiedVersion), free(now)),
                Updates.combine(
                        Updates.set(PROBLEM_TITLE, session.problemTitle()),
                        Updates.set(DIFFICULTY, session.difficulty().wire()),
                        Updates.set(HOST_ID, session.hostId()),
                        Updates.set(PARTICIPANT_ID, session.participantId()),
                        Updates.set(STATUS, session.status().stored()),
                        Updates.set(CALL_ID, session.callId()),
                        Updates.set(UPDATED_AT, Documents.date(session.updatedAt())),
                        Updates.max(LAST_ACTIVITY_AT, Documents.date(session.lastActivityAt())),
                        Updates.set(ENDED_AT, Documents.date(session.endedAt())),
                        Updates.set(ENDED_REASON, session.endedReason()),
                        Updates.set(PARTICIPANT_IN_STREAM, session.participantInStream()),
                        Updates.set(TEARDOWN_PENDING, session.teardownPending()),
                        Updates.set(COPIED_FROM, copiedFrom(source, sourceUpdatedAt, now))))
                .getModifiedCount() == 1;
        return refreshed ? Copy.REFRESHED : Copy.CHANGED_HERE;
    }

    /** What {@link #copyIn} would do, found by reading only: no write, no index, not even the database is made. */
    public Copy wouldCopyIn(Session session, Instant sourceUpdatedAt) {
        MongoCollection<Document> asIs = indexed.asIs();
        Document present = asIs.find(eq(ID, session.id())).first();
        if (present != null) {
            return compareWithCopy(present, sourceUpdatedAt);
        }
        return asIs.find(eq(CALL_ID, session.callId())).first() == null ? Copy.COPIED : Copy.CALL_ID_TAKEN;
    }

    private static Copy compareWithCopy(Document present, Instant sourceUpdatedAt) {
        Instant copiedVersion = present.get(COPIED_FROM) instanceof Document marker ? Documents.instant(marker, UPDATED_AT) : null;
        if (copiedVersion != null && !sourceUpdatedAt.isAfter(copiedVersion)) {
            return Copy.ALREADY_PRESENT;
        }
        if (copiedVersion == null || !copiedVersion.equals(Documents.instant(present, UPDATED_AT))) {
            return Copy.CHANGED_HERE;
        }
        return Copy.REFRESHED;
    }

    private static Document copiedFrom(String source, Instant sourceUpdatedAt, Instant now) {
        return new Document("source", source).append(UPDATED_AT, Documents.date(sourceUpdatedAt))
                .append("copiedAt", Documents.date(now));
    }

    // --- plumbing

    private Optional<Session> first(Bson filter) {
        return Optional.ofNullable(sessions().find(filter).first()).map(SessionRepository::toSession);
    }

    private Optional<Session> update(Bson filter, Bson update) {
        return Optional.ofNullable(sessions().findOneAndUpdate(filter, update, RETURN_AFTER)).map(SessionRepository::toSession);
    }

    /** Reads one more than the page size, so the caller knows whether another page follows. */
    private List<Session> page(Bson filter, PageRequest page) {
        Bson query = page.before() == null ? filter : and(filter, lt(ID, page.before()));
        return all(query, Sorts.descending(ID), page.limit() + 1);
    }

    private List<Session> all(Bson filter, Bson sort, int limit) {
        List<Session> result = new ArrayList<>();
        for (Document document : sessions().find(filter).sort(sort).limit(limit)) {
            result.add(toSession(document));
        }
        return result;
    }

    private static Document leaseDocument(Lease lease) {
        return new Document("owner", lease.owner()).append("until", Documents.date(lease.until()));
    }

    private static Document toDocument(Session session) {
        Document document = new Document(ID, session.id())
                .append(PROBLEM_TITLE, session.problemTitle())
                .append(DIFFICULTY, session.difficulty().wire())
                .append(HOST_ID, session.hostId())
                .append(PARTICIPANT_ID, session.participantId())
                .append(STATUS, session.status().stored())
                .append(CALL_ID, session.callId())
                .append(CREATED_AT, Documents.date(session.createdAt()))
                .append(UPDATED_AT, Documents.date(session.updatedAt()))
                .append(LAST_ACTIVITY_AT, Documents.date(session.lastActivityAt()))
                .append(ENDED_AT, Documents.date(session.endedAt()))
                .append(ENDED_REASON, session.endedReason())
                .append(PARTICIPANT_IN_STREAM, session.participantInStream())
                .append(TEARDOWN_PENDING, session.teardownPending());
        if (session.recordable()) {
            document.append(RECORDABLE, true);
        }
        if (session.callDeleteNotBefore() != null) {
            document.append(CALL_DELETE_NOT_BEFORE, Documents.date(session.callDeleteNotBefore()));
        }
        return document;
    }

    private static Session toSession(Document document) {
        return new Session(
                document.getObjectId(ID),
                document.getString(PROBLEM_TITLE),
                Difficulty.parse(document.getString(DIFFICULTY)).orElse(Difficulty.EASY),
                document.getString(HOST_ID),
                document.getString(PARTICIPANT_ID),
                SessionStatus.fromStored(document.getString(STATUS)),
                document.getString(CALL_ID),
                Documents.instant(document, CREATED_AT),
                Documents.instant(document, UPDATED_AT),
                Documents.instant(document, LAST_ACTIVITY_AT),
                Documents.instant(document, ENDED_AT),
                document.getString(ENDED_REASON),
                Documents.flag(document, PARTICIPANT_IN_STREAM),
                Documents.flag(document, TEARDOWN_PENDING),
                connectedUsers(document),
                Documents.flag(document, RECORDABLE),
                Documents.instant(document, CALL_DELETE_NOT_BEFORE));
    }

    /** Distinct users with at least one connection that is connected, sorted. */
    private static List<String> connectedUsers(Document session) {
        if (!(session.get(CONNECTIONS) instanceof Document entries)) {
            return List.of();
        }
        Set<String> users = new TreeSet<>();
        for (Object value : entries.values()) {
            if (value instanceof Document entry && Boolean.TRUE.equals(entry.get("connected")) && entry.getString("userId") != null) {
                users.add(entry.getString("userId"));
            }
        }
        return List.copyOf(users);
    }
}
