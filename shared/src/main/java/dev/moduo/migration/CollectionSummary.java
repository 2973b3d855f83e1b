package dev.moduo.migration;

import java.util.Map;

/**
 * What a run did with one source collection. {@code read} = copied + alreadyPresent + refreshed + keptChangedHere
 * + presentWithOtherId + the sum of {@code skipped}; {@code notes} count copied documents that needed a
 * decision (a name repaired, a deleted user kept as a placeholder), and overlap the other counts. In a dry run
 * every count is what the run would do.
 */
public record CollectionSummary(
        long read,
        long copied,
        long alreadyPresent,
        long refreshed,
        long keptChangedHere,
        long presentWithOtherId,
        Map<String, Long> skipped,
        Map<String, Long> notes) {

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
}
