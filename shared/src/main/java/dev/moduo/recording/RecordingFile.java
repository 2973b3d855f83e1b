package dev.moduo.recording;

import java.time.Instant;

/**
 * A file of a recording as {@code call.recording_ready} described it ({@code call_recording}). Its URL is not kept:
 * Stream signs it for a limited time, and every listing asks Stream for a fresh one.
 */
public record RecordingFile(String filename, Instant startTime, Instant endTime, Instant readyAt) {
}
