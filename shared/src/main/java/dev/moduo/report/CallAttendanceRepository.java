package dev.moduo.report;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import dev.moduo.mongo.DatabaseErrors;
import dev.moduo.mongo.Documents;
import dev.moduo.mongo.IndexesOnce;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code call_attendance} collection: who was in a session's call from when to when, one document per
 * connection ({@code _id = <callId>/<userSessionId>}), keyed by the call, beside the session document, which
 * stays as it is.
 *
 * <p>Every write is one upsert that is the same whatever the order or number of deliveries: a join keeps the
 * earliest join time ({@code $min}), a leave the latest leave time ({@code $max}), so a {@code _left} that
 * overtakes its {@code _joined} and a redelivered event both leave one interval, unchanged.
 */
@Singleton
public class CallAttendanceRepository {

    public static final String COLLECTION = "call_attendance";

    private static final String ID = "_id";
    private static final String CALL_ID = "callId";
    private static final String USER_ID = "userId";
    private static final String USER_SESSION_ID = "userSessionId";
    private static final String JOINED_AT = "joinedAt";
    private static final String LEFT_AT = "leftAt";

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final IndexesOnce attendance;

    public CallAttendanceRepository(MongoDatabase database) {
        this.attendance = new IndexesOnce(database.getCollection(COLLECTION), List.of(
                new IndexModel(Indexes.compoundIndex(Indexes.ascending(CALL_ID), Indexes.ascending(JOINED_AT)),
                        new IndexOptions().name("call_joined"))));
    }

    /** The connection joined at {@code joinedAt} (the earliest join time said wins). False when nothing changed. */
    public boolean recordJoin(String callId, String userId, String userSessionId, Instant joinedAt) {
        return upsertConnection(callId, userId, userSessionId, Updates.min(JOINED_AT, Documents.date(joinedAt)));
    }

    /**
     * The connection left at {@code leftAt} (the latest leave time said wins); {@code joinedAt}, which a leave
     * event also carries, when known. False when nothing changed.
     */
    public boolean recordLeave(String callId, String userId, String userSessionId, Instant leftAt, Instant joinedAt) {
        Bson left = Updates.max(LEFT_AT, Documents.date(leftAt));
        return upsertConnection(callId, userId, userSessionId,
                joinedAt == null ? left : Updates.combine(left, Updates.min(JOINED_AT, Documents.date(joinedAt))));
    }

    private boolean upsertConnection(String callId, String userId, String userSessionId, Bson change) {
        Bson update = Updates.combine(change, Updates.setOnInsert(CALL_ID, callId), Updates.setOnInsert(USER_ID, userId),
                Updates.setOnInsert(USER_SESSION_ID, userSessionId));
        Bson filter = eq(ID, callId + "/" + userSessionId);
        try {
            return changed(attendance.ready().updateOne(filter, update, UPSERT));
        } catch (MongoWriteException e) {
            if (!DatabaseErrors.isDuplicateKey(e)) {
                throw e;
            }
            // Two deliveries raced to insert the same connection: the other one inserted it, this one updates it.
            return changed(attendance.ready().updateOne(filter, update));
        }
    }

    /** The call's connections, earliest join first (those whose join is unknown last). */
    public List<AttendanceInterval> attendance(String callId) {
        List<AttendanceInterval> intervals = new ArrayList<>();
        for (Document document : attendance.ready().find(eq(CALL_ID, callId))) {
            intervals.add(new AttendanceInterval(document.getString(USER_ID), document.getString(USER_SESSION_ID),
                    Documents.instant(document, JOINED_AT), Documents.instant(document, LEFT_AT)));
        }
        intervals.sort((a, b) -> a.joinedAt() == null ? (b.joinedAt() == null ? 0 : 1)
                : b.joinedAt() == null ? -1 : a.joinedAt().compareTo(b.joinedAt()));
        return intervals;
    }

    private static boolean changed(UpdateResult result) {
        return result.getUpsertedId() != null || result.getModifiedCount() > 0;
    }

}
