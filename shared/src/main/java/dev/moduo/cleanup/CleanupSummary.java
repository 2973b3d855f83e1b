package dev.moduo.cleanup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one cleanup run did.
 *
 * @param examined          sessions the run looked at
 * @param ended             stale sessions it ended ({@code endedReason: "expired"})
 * @param repaired          interrupted work it finished: creates rolled back, teardowns finished, joins finished
 * @param failed            sessions whose work failed (Stream down, say); they are left for the next run
 * @param rolledBack        of {@code repaired}: creates rolled back
 * @param teardownsFinished of {@code repaired}: ends whose Stream side it finished
 * @param joinsFinished     of {@code repaired}: participants it added to the call and channel
 * @param callDeletesHeld   ended sessions whose call it ended but kept, its recordings still needing it (not a failure)
 * @param inUse             stale-looking sessions it left alone because someone was in the call
 * @param busy              sessions another worker held when this run tried to claim them
 * @param stoppedEarly      the run stopped for lack of time or at its session limit, with work possibly left
 * @param aborted           why the run stopped before the end (MongoDB unavailable...), or null
 */
public record CleanupSummary(String runId, int examined, int ended, int repaired, int failed, int rolledBack,
                             int teardownsFinished, int joinsFinished, int callDeletesHeld, int inUse, int busy,
                             boolean stoppedEarly,
                             String aborted, long durationMs) {

    /** What {@link #aborted()} says when the run stopped because MongoDB was unavailable. */
    public static final String DATABASE_UNAVAILABLE = "database unavailable";

    /** Whether the run stopped because MongoDB was unavailable. */
    public boolean abortedForTheDatabase() {
        return DATABASE_UNAVAILABLE.equals(aborted);
    }

    public boolean isClean() {
        return failed == 0 && aborted == null;
    }

    /** The summary as the function returns it (a map serializes the same with any JSON library). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("runId", runId);
        map.put("examined", examined);
        map.put("ended", ended);
        map.put("repaired", repaired);
        map.put("failed", failed);
        map.put("rolledBack", rolledBack);
        map.put("teardownsFinished", teardownsFinished);
        map.put("joinsFinished", joinsFinished);
        map.put("callDeletesHeld", callDeletesHeld);
        map.put("inUse", inUse);
        map.put("busy", busy);
        map.put("stoppedEarly", stoppedEarly);
        map.put("aborted", aborted);
        map.put("durationMs", durationMs);
        return map;
    }
}
