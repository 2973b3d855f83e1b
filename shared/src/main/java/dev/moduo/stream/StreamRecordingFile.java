package dev.moduo.stream;

import java.time.Instant;

/** One file of a call's recordings as Stream lists it (SPEC {@code CallRecording}); its URL is signed and expires. */
public record StreamRecordingFile(String filename, String url, Instant startTime, Instant endTime, String streamSessionId,
                                  String recordingType) {
}
