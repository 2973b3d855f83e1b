package dev.moduo.recording;

import dev.moduo.stream.StreamRecordingFile;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything known of one call's recordings: the recordings Stream reported, and the starts Moduo asked Stream
 * for ({@code startRequests}: their times, oldest first). A start Stream has not reported yet is counted as
 * pending: Stream's answer to StartRecording says nothing of whether a recording really began, its
 * {@code call.recording_started} does.
 */
public record CallRecordings(String callId, List<Instant> startRequests, List<Recording> recordings) {

    /** How long a start request is shown as "starting" without Stream reporting the recording. */
    static final Duration STARTING_FOR = Duration.ofMinutes(2);

    public CallRecordings {
        startRequests = List.copyOf(startRequests);
        recordings = List.copyOf(recordings);
    }

    /** Recording was never asked for nor reported: the call's end owes it nothing. */
    public boolean unused() {
        return startRequests.isEmpty() && recordings.isEmpty();
    }

    /** Starts asked for that no reported recording accounts for yet (recordings started from a client count too). */
    public int pendingStarts() {
        return Math.max(0, startRequests.size() - recordings.size());
    }

    public boolean running() {
        return recordings.stream().anyMatch(Recording::running);
    }

    /** Every recording settled and no start pending: nothing more will come. */
    public boolean settled() {
        return pendingStarts() == 0 && recordings.stream().allMatch(Recording::settled);
    }

    /** The files of {@code listed} (Stream's listing) that no reported recording holds: their webhook was lost or is late. */
    public List<StreamRecordingFile> unheardOf(List<StreamRecordingFile> listed) {
        Set<String> known = new HashSet<>();
        recordings.forEach(recording -> recording.files().forEach(file -> known.add(file.filename())));
        return listed.stream().filter(file -> !known.contains(file.filename())).toList();
    }

    /** When the last file became ready, if any did. */
    public Optional<Instant> lastReady() {
        return recordings.stream().map(Recording::readyAt).filter(Objects::nonNull).max(Comparator.naturalOrder());
    }

    /** What the call is doing about recording now, as the API says it. */
    public String state(Instant now) {
        if (running()) {
            return "recording";
        }
        boolean recentStart = !startRequests.isEmpty()
                && startRequests.get(startRequests.size() - 1).plus(STARTING_FOR).isAfter(now);
        return pendingStarts() > 0 && recentStart ? "starting" : "idle";
    }
}
