package dev.moduo.recording;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A session's recordings as the contract writes them ({@code GET /api/sessions/{sessionId}/recordings}, and the
 * answer to start and stop). {@code recording} is what the call is doing now: {@code off} (the deployment does not
 * record, or this session was created while it did not), {@code idle}, {@code starting} (asked for, Stream has not
 * reported it yet), {@code recording}, or in the answer to a stop {@code stopping}.
 */
@JsonPropertyOrder({"sessionId", "recording", "recordings"})
public record SessionRecordings(
        @JsonProperty("sessionId") String sessionId,
        @JsonProperty("recording") String recording,
        @JsonProperty("recordings") List<Item> recordings) {

    public SessionRecordings {
        recordings = List.copyOf(recordings);
    }

    /**
     * One recording. {@code id} is Stream's egress id (null for a file only Stream's listing knows of);
     * {@code status}: {@code recording}, {@code processing} (stopped, not uploaded yet), {@code ready},
     * {@code failed}, or {@code expired} (Stream no longer keeps its files).
     */
    @JsonPropertyOrder({"id", "status", "startedAt", "stoppedAt", "files"})
    public record Item(
            @JsonProperty("id") String id,
            @JsonProperty("status") String status,
            @JsonProperty("startedAt") String startedAt,
            @JsonProperty("stoppedAt") String stoppedAt,
            @JsonProperty("files") List<File> files) {

        public Item {
            files = List.copyOf(files);
        }
    }

    /**
     * A file: {@code url} is signed by Stream for a limited time (ask again for a fresh one), null once Stream no
     * longer keeps the file; {@code availableUntil}: when Stream deletes it (two weeks after it became ready).
     */
    @JsonPropertyOrder({"filename", "url", "startTime", "endTime", "availableUntil"})
    public record File(
            @JsonProperty("filename") String filename,
            @JsonProperty("url") String url,
            @JsonProperty("startTime") String startTime,
            @JsonProperty("endTime") String endTime,
            @JsonProperty("availableUntil") String availableUntil) {
    }
}
