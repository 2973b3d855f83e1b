package dev.moduo.recording;

import java.time.Instant;
import java.util.List;

/**
 * One recording of a session's call (Stream's egress), as its {@code call.recording_*} webhooks told: when
 * each phase was reported (null when it was not) and the files {@code call.recording_ready} gave. Stream splits
 * a long recording into files of two hours, so one recording may become ready more than once.
 */
public record Recording(String egressId, String recordingType, Instant startedAt, Instant stoppedAt, Instant readyAt,
                        Instant failedAt, List<RecordingFile> files) {

    public Recording {
        files = List.copyOf(files);
    }

    /** Being written now: started, and neither stopped nor failed. */
    public boolean running() {
        return stoppedAt == null && failedAt == null && (startedAt != null || readyAt == null);
    }

    /**
     * Nothing more will come of it: it failed, or a file became ready after it stopped (or, its stop never
     * reported, once any file is ready). Until then a hard delete of the call could destroy what is being
     * written or uploaded.
     */
    public boolean settled() {
        if (failedAt != null) {
            return true;
        }
        return readyAt != null && (stoppedAt == null || !readyAt.isBefore(stoppedAt));
    }

    public Status status() {
        if (running()) {
            return Status.RECORDING;
        }
        if (!files.isEmpty()) {
            return Status.READY;
        }
        return failedAt != null ? Status.FAILED : Status.PROCESSING;
    }

    /** What a user is shown of it. */
    public enum Status {
        /** Being recorded now. */
        RECORDING,
        /** Stopped; Stream has not said the file is ready. */
        PROCESSING,
        READY,
        FAILED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
