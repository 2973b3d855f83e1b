package dev.moduo.cleanup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.Json;
import java.time.Instant;
import java.util.List;

/**
 * The run's one summary line, in CloudWatch Embedded Metric Format: CloudWatch Logs turns its
 * {@code examined}, {@code ended}, {@code repaired} and {@code failed} into metrics of namespace
 * {@value #NAMESPACE} with dimension {@code FunctionName}, which the template alarms on; people
 * read the same line in the logs.
 */
public final class CleanupMetrics {

    public static final String NAMESPACE = "Moduo/Cleanup";
    public static final List<String> METRICS = List.of("examined", "ended", "repaired", "failed");
    static final String DIMENSION = "FunctionName";

    private CleanupMetrics() {
    }

    public static ObjectNode line(CleanupSummary summary, String functionName, Instant at) {
        ObjectNode line = Json.object();
        line.put("level", summary.isClean() ? "INFO" : "WARN");
        line.put("function", "SessionJanitor");
        line.put("message", "Cleanup run summary");
        line.put(DIMENSION, functionName);
        summary.toMap().forEach((name, value) -> line.set(name, Json.MAPPER.valueToTree(value)));
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", at.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add(DIMENSION);
        ArrayNode metrics = directive.putArray("Metrics");
        METRICS.forEach(name -> metrics.addObject().put("Name", name).put("Unit", "Count"));
        return line;
    }
}
