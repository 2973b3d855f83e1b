package dev.moduo.migration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.Json;
import java.util.List;

/**
 * The one JSON report of a run. {@code complete} is false when the run stopped part-way (MongoDB went away):
 * what it copied is in place, and running it again completes it. {@code problems} names up to
 * {@link ExpressMigration#MAX_PROBLEMS_LISTED} refused documents by {@code _id}, never by content.
 */
public record MigrationSummary(
        boolean dryRun,
        boolean complete,
        String sourceDatabase,
        String targetDatabase,
        CollectionSummary users,
        CollectionSummary sessions,
        List<Problem> problems,
        long millis) {

    /** A source document that was not copied, and why. */
    public record Problem(String collection, String id, String reason) {
    }

    /** Source documents read per second, over the whole run. */
    public double documentsPerSecond() {
        return millis == 0 ? 0 : (users.read() + sessions.read()) * 1000.0 / millis;
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.valueToTree(this);
        json.put("documentsPerSecond", Math.round(documentsPerSecond()));
        return json;
    }
}
