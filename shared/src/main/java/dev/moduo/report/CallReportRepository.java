package dev.moduo.report;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import dev.moduo.mongo.Documents;
import dev.moduo.mongo.IndexesOnce;
import dev.moduo.stream.StreamTimestamps;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * What a session's report is made of, gathered from Stream's webhooks while the call exists (and after: a
 * stats report may come once the call is gone): the {@code call_attendance} collection, one document per
 * connection ({@code _id = <callId>/<userSessionId>}), and {@code call_quality}, one per Stream call session
 * ({@code _id = <callId>/<streamSessionId>}). Both are keyed by the call, beside the session document, which
 * stays as it is.
 *
 * <p>Every write is one upsert that is the same whatever the order or number of deliveries: a join keeps the
 * earliest join time ({@code $min}), a leave the latest leave time ({@code $max}), so a {@code _left} that
 * overtakes its {@code _joined} and a redelivered event both leave one interval, unchanged.
 */
@Singleton
public class CallReportRepository {

    public static final String ATTENDANCE = "call_attendance";
    public static final String QUALITY = "call_quality";

    private static final String ID = "_id";
    private static final String CALL_ID = "callId";
    private static final String USER_ID = "userId";
    private static final String USER_SESSION_ID = "userSessionId";
    private static final String JOINED_AT = "joinedAt";
    private static final String LEFT_AT = "leftAt";
    private static final String STREAM_SESSION_ID = "streamSessionId";
    private static final String REPORTED_AT = "reportedAt";
    private static final String REPORTED_AT_NANOS = "reportedAtNanos";

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final IndexesOnce attendance;
    private final IndexesOnce quality;

    public CallReportRepository(MongoDatabase database) {
        this.attendance = new IndexesOnce(database.getCollection(ATTENDANCE), List.of(
                new IndexModel(Indexes.compoundIndex(Indexes.ascending(CALL_ID), Indexes.ascending(JOINED_AT)),
                        new IndexOptions().name("call_joined"))));
        this.quality = new IndexesOnce(database.getCollection(QUALITY), List.of(
                new IndexModel(Indexes.ascending(CALL_ID), new IndexOptions().name("call"))));
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
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
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

    /**
     * Keeps {@code report} for the call unless a report of the same Stream call session that is as new or newer
     * was kept (a redelivery, or an older report arriving late). False when nothing changed.
     */
    public boolean recordQuality(String callId, CallQuality report) {
        long nanos = StreamTimestamps.epochNanos(report.reportedAt());
        Document fields = new Document(CALL_ID, callId)
                .append(STREAM_SESSION_ID, report.streamSessionId())
                .append(REPORTED_AT, Documents.date(report.reportedAt()))
                .append(REPORTED_AT_NANOS, nanos)
                .append("qualityScore", report.qualityScore())
                .append("participants", report.participants())
                .append("sessions", report.sessions())
                .append("publishers", report.publishers())
                .append("peakConcurrentUsers", report.peakConcurrentUsers())
                .append("averageJitterMs", report.averageJitterMs())
                .append("averageLatencyMs", report.averageLatencyMs())
                .append("maxFreezesDurationMs", report.maxFreezesDurationMs())
                .append("totalParticipantDurationSeconds", report.totalParticipantDurationSeconds())
                .append("trimmed", report.trimmed())
                .append("participantsOverviewJson", report.participantsOverviewJson())
                .append("participantsOverviewDropped", report.participantsOverviewDropped());
        List<Bson> sets = new ArrayList<>();
        fields.forEach((name, value) -> sets.add(Updates.set(name, value)));
        try {
            return changed(quality.ready().updateOne(
                    and(eq(ID, callId + "/" + report.streamSessionId()), lt(REPORTED_AT_NANOS, nanos)),
                    Updates.combine(sets), UPSERT));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // The document exists with a report as new or newer: the filter did not match it, the upsert collided.
            return false;
        }
    }

    /** The call's stats reports, one per Stream call session, in the order Stream made them. */
    public List<CallQuality> quality(String callId) {
        List<CallQuality> reports = new ArrayList<>();
        for (Document d : quality.ready().find(eq(CALL_ID, callId)).sort(Sorts.ascending(REPORTED_AT_NANOS, ID))) {
            reports.add(new CallQuality(d.getString(STREAM_SESSION_ID), Documents.instant(d, REPORTED_AT),
                    number(d, "qualityScore"), whole(d, "participants"), whole(d, "sessions"), whole(d, "publishers"),
                    whole(d, "peakConcurrentUsers"), number(d, "averageJitterMs"), number(d, "averageLatencyMs"),
                    number(d, "maxFreezesDurationMs"), number(d, "totalParticipantDurationSeconds"),
                    d.getBoolean("trimmed"), d.getString("participantsOverviewJson"),
                    Documents.flag(d, "participantsOverviewDropped")));
        }
        return reports;
    }

    private static boolean changed(UpdateResult result) {
        return result.getUpsertedId() != null || result.getModifiedCount() > 0;
    }

    private static Double number(Document document, String field) {
        return document.get(field) instanceof Number value ? value.doubleValue() : null;
    }

    private static Long whole(Document document, String field) {
        return document.get(field) instanceof Number value ? value.longValue() : null;
    }
}
