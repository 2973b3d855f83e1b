package dev.moduo.report;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import dev.moduo.mongo.DatabaseErrors;
import dev.moduo.mongo.Documents;
import dev.moduo.mongo.IndexesOnce;
import dev.moduo.stream.StreamTimestamps;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code call_quality} collection: Stream's stats reports of a session's call, one per Stream call session
 * ({@code _id = <callId>/<streamSessionId>}), keyed by the call, beside the session document. A report may
 * come after the session ended and its call was deleted: it is kept whenever it comes.
 */
@Singleton
public class CallQualityRepository {

    public static final String COLLECTION = "call_quality";

    private static final String ID = "_id";
    private static final String CALL_ID = "callId";
    private static final String STREAM_SESSION_ID = "streamSessionId";
    private static final String REPORTED_AT = "reportedAt";
    private static final String REPORTED_AT_NANOS = "reportedAtNanos";

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final IndexesOnce quality;

    public CallQualityRepository(MongoDatabase database) {
        this.quality = new IndexesOnce(database.getCollection(COLLECTION), List.of(
                new IndexModel(Indexes.ascending(CALL_ID), new IndexOptions().name("call"))));
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
            if (!DatabaseErrors.isDuplicateKey(e)) {
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
