package dev.moduo.recording;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.moduo.mongo.DatabaseErrors;
import dev.moduo.mongo.Documents;
import dev.moduo.mongo.IndexesOnce;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code call_recordings} collection: a session's recordings, keyed by its call, beside the session document
 * (which stays as it is). One document per recording ({@code _id = <callId>/<egressId>}) holding the time each
 * of its phases was reported and its files, and one per start Moduo asked Stream for
 * ({@code _id = <callId>/start/<uuid>}).
 *
 * <p>Webhook writes are the same whatever the order or number of deliveries: each phase keeps its earliest
 * report ({@code $min}), readiness its latest ({@code $max}: a long recording becomes ready once per file), and a
 * file is added once by its name.
 */
@Singleton
public class CallRecordingRepository {

    public static final String COLLECTION = "call_recordings";

    private static final String ID = "_id";
    private static final String CALL_ID = "callId";
    private static final String KIND = "kind";
    private static final String RECORDING = "recording";
    private static final String START_REQUEST = "startRequest";
    private static final String EGRESS_ID = "egressId";
    private static final String RECORDING_TYPE = "recordingType";
    private static final String REQUESTED_AT = "requestedAt";
    private static final String STARTED_AT = "startedAt";
    private static final String STOPPED_AT = "stoppedAt";
    private static final String READY_AT = "readyAt";
    private static final String FAILED_AT = "failedAt";
    private static final String FILES = "files";
    private static final String FILENAME = "filename";

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final IndexesOnce recordings;

    public CallRecordingRepository(MongoDatabase database) {
        this.recordings = new IndexesOnce(database.getCollection(COLLECTION), List.of(
                new IndexModel(Indexes.ascending(CALL_ID), new IndexOptions().name("callId"))));
    }

    /** Everything kept of the call's recordings. */
    public CallRecordings find(String callId) {
        List<Instant> requests = new ArrayList<>();
        List<Recording> found = new ArrayList<>();
        for (Document document : recordings.ready().find(eq(CALL_ID, callId))) {
            if (START_REQUEST.equals(document.getString(KIND))) {
                requests.add(Documents.instant(document, REQUESTED_AT));
            } else {
                found.add(toRecording(document));
            }
        }
        requests.sort(Comparator.naturalOrder());
        found.sort(Comparator.comparing(CallRecordingRepository::firstSeen, Comparator.nullsLast(Comparator.naturalOrder())));
        return new CallRecordings(callId, requests, found);
    }

    /** Moduo is about to ask Stream to start recording; answers the request's key, to take it back if Stream says no. */
    public String recordStartRequest(String callId, Instant at) {
        String id = callId + "/start/" + UUID.randomUUID();
        recordings.ready().insertOne(new Document(ID, id).append(CALL_ID, callId).append(KIND, START_REQUEST)
                .append(REQUESTED_AT, Documents.date(at)));
        return id;
    }

    /** Stream refused the start: no recording will come of that request. */
    public void withdrawStartRequest(String requestKey) {
        recordings.ready().deleteOne(and(eq(ID, requestKey), eq(KIND, START_REQUEST)));
    }

    public void recordStarted(String callId, String egressId, String recordingType, Instant at) {
        upsertRecording(callId, egressId, recordingType, Updates.min(STARTED_AT, Documents.date(at)));
    }

    public void recordStopped(String callId, String egressId, String recordingType, Instant at) {
        upsertRecording(callId, egressId, recordingType, Updates.min(STOPPED_AT, Documents.date(at)));
    }

    public void recordFailed(String callId, String egressId, String recordingType, Instant at) {
        upsertRecording(callId, egressId, recordingType, Updates.min(FAILED_AT, Documents.date(at)));
    }

    /** A file became ready; a file already kept (a redelivery) is not added twice. */
    public void recordReady(String callId, String egressId, String recordingType, RecordingFile file) {
        upsertRecording(callId, egressId, recordingType, Updates.max(READY_AT, Documents.date(file.readyAt())));
        recordings.ready().updateOne(and(eq(ID, recordingId(callId, egressId)), ne(FILES + "." + FILENAME, file.filename())),
                Updates.push(FILES, fileDocument(file)));
    }

    private static Document fileDocument(RecordingFile file) {
        return new Document(FILENAME, file.filename())
                .append("startTime", Documents.date(file.startTime())).append("endTime", Documents.date(file.endTime()))
                .append(READY_AT, Documents.date(file.readyAt()));
    }

    /**
     * A file Stream lists that no webhook told of (its webhook lost, or a recording started from a browser): kept as a
     * recording of its own, without an egress id, ready as of {@code file.readyAt()}.
     */
    public void recordListedFile(String callId, RecordingFile file) {
        upsertRecordingWithId(callId + "/listed/" + file.filename(), callId, null, null,
                Updates.max(READY_AT, Documents.date(file.readyAt())));
        recordings.ready().updateOne(and(eq(ID, callId + "/listed/" + file.filename()), ne(FILES + "." + FILENAME, file.filename())),
                Updates.push(FILES, fileDocument(file)));
    }

    private void upsertRecording(String callId, String egressId, String recordingType, Bson change) {
        upsertRecordingWithId(recordingId(callId, egressId), callId, egressId, recordingType, change);
    }

    private void upsertRecordingWithId(String id, String callId, String egressId, String recordingType, Bson change) {
        Bson update = Updates.combine(change, Updates.setOnInsert(CALL_ID, callId), Updates.setOnInsert(KIND, RECORDING),
                Updates.setOnInsert(EGRESS_ID, egressId), Updates.setOnInsert(RECORDING_TYPE, recordingType));
        Bson filter = eq(ID, id);
        MongoCollection<Document> collection = recordings.ready();
        try {
            collection.updateOne(filter, update, UPSERT);
        } catch (MongoWriteException e) {
            if (!DatabaseErrors.isDuplicateKey(e)) {
                throw e;
            }
            // Two events of one recording raced to insert it: the other inserted it, this one updates it.
            collection.updateOne(filter, update);
        }
    }

    private static String recordingId(String callId, String egressId) {
        return callId + "/" + egressId;
    }

    @SuppressWarnings("unchecked")
    private static Recording toRecording(Document document) {
        List<RecordingFile> files = new ArrayList<>();
        Object stored = document.get(FILES);
        if (stored instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Document file) {
                    files.add(new RecordingFile(file.getString(FILENAME), Documents.instant(file, "startTime"),
                            Documents.instant(file, "endTime"), Documents.instant(file, READY_AT)));
                }
            }
        }
        return new Recording(document.getString(EGRESS_ID), document.getString(RECORDING_TYPE),
                Documents.instant(document, STARTED_AT), Documents.instant(document, STOPPED_AT),
                Documents.instant(document, READY_AT), Documents.instant(document, FAILED_AT), files);
    }

    private static Instant firstSeen(Recording recording) {
        return recording.startedAt() != null ? recording.startedAt()
                : recording.stoppedAt() != null ? recording.stoppedAt() : recording.readyAt();
    }
}
