package dev.moduo.recording;

import java.time.Instant;

/** A file of a recording as {@code call.recording_ready} described it ({@code call_recording}). */
public record RecordingFile(String filename, String url, Instant startTime, Instant endTime, String streamSessionId,
                            Instant readyAt) {
}
