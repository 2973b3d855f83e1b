package dev.moduo.report;

import java.time.Instant;

/**
 * The summary of one Stream call session that {@code call.stats_report_ready} carries: its {@code counts}
 * (the fields the reference documents for the call stats' counts; each null when Stream left it out),
 * {@code is_trimmed}, and {@code participants_overview} kept as Stream sent it (its shape is not documented
 * field by field), or null when absent or too large to keep.
 */
public record CallQuality(
        String streamSessionId,
        Instant reportedAt,
        Double qualityScore,
        Long participants,
        Long sessions,
        Long publishers,
        Long peakConcurrentUsers,
        Double averageJitterMs,
        Double averageLatencyMs,
        Double maxFreezesDurationMs,
        Double totalParticipantDurationSeconds,
        Boolean trimmed,
        String participantsOverviewJson,
        boolean participantsOverviewDropped) {
}
