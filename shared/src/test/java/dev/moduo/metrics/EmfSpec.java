package dev.moduo.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * CloudWatch's embedded metric format specification as checks on a parsed document, and what CloudWatch would
 * extract from one: for the writer's tests and for the tests that read the lines functions write.
 */
public final class EmfSpec {

    /** The units the specification's schema allows (MetricDatum's StandardUnit). */
    public static final Pattern UNITS = Pattern.compile("^(Seconds|Microseconds|Milliseconds|Bytes|Kilobytes|Megabytes"
            + "|Gigabytes|Terabytes|Bits|Kilobits|Megabits|Gigabits|Terabits|Percent|Count|Bytes/Second|Kilobytes/Second"
            + "|Megabytes/Second|Gigabytes/Second|Terabytes/Second|Bits/Second|Kilobits/Second|Megabits/Second"
            + "|Gigabits/Second|Terabits/Second|Count/Second|None)$");

    /** One metric CloudWatch would publish: namespace, name, dimensions (key to value), value, unit. */
    public record Published(String namespace, String name, Map<String, String> dimensions, double value, String unit) {

        /** The identity without values of dimensions: what a dashboard or alarm must name the same way. */
        public String shape() {
            return namespace + " " + name + " " + new java.util.TreeSet<>(dimensions.keySet());
        }
    }

    private EmfSpec() {
    }

    /** Whether the line is meant as a document (it has {@code _aws}). */
    public static boolean isDocument(JsonNode line) {
        return line.has("_aws");
    }

    /** What the document breaks in the specification; empty when it is valid. */
    public static List<String> problems(JsonNode document) {
        List<String> problems = new ArrayList<>();
        JsonNode aws = document.path("_aws");
        if (!aws.isObject()) {
            problems.add("_aws must be an object");
            return problems;
        }
        if (!aws.path("Timestamp").isIntegralNumber()) {
            problems.add("_aws.Timestamp must be an integer (epoch milliseconds)");
        }
        JsonNode directives = aws.path("CloudWatchMetrics");
        if (!directives.isArray()) {
            problems.add("_aws.CloudWatchMetrics must be an array");
            return problems;
        }
        int metricDefinitions = 0;
        for (JsonNode directive : directives) {
            Set<String> members = new java.util.TreeSet<>();
            directive.fieldNames().forEachRemaining(members::add);
            if (!Set.of("Namespace", "Dimensions", "Metrics").equals(members)) {
                problems.add("a directive has exactly Namespace, Dimensions and Metrics, not " + members);
            }
            String namespace = directive.path("Namespace").asText("");
            if (!directive.path("Namespace").isTextual() || namespace.isEmpty() || namespace.length() > 255) {
                problems.add("Namespace must be a string of 1 to 255 characters: " + directive.path("Namespace"));
            }
            JsonNode sets = directive.path("Dimensions");
            if (!sets.isArray() || sets.isEmpty()) {
                problems.add("Dimensions must be a non-empty array of dimension sets");
            }
            for (JsonNode set : sets) {
                if (!set.isArray() || set.size() > EmbeddedMetrics.MAX_DIMENSIONS) {
                    problems.add("a dimension set is an array of at most 30 keys: " + set);
                }
                for (JsonNode key : set) {
                    JsonNode target = document.get(key.asText());
                    if (target == null || !target.isTextual() || target.asText().isBlank()
                            || target.asText().length() > 1024 || !target.asText().matches("[\\x20-\\x7e]+")) {
                        problems.add("dimension " + key + " must be a top-level string of printable ASCII: " + target);
                    }
                }
            }
            JsonNode metrics = directive.path("Metrics");
            if (!metrics.isArray()) {
                problems.add("Metrics must be an array");
                continue;
            }
            metricDefinitions += metrics.size();
            if (metrics.size() > EmbeddedMetrics.MAX_METRICS) {
                problems.add("a directive lists at most 100 metrics, not " + metrics.size());
            }
            for (JsonNode metric : metrics) {
                String name = metric.path("Name").asText("");
                if (name.isEmpty() || name.length() > 255) {
                    problems.add("a metric needs a Name of 1 to 255 characters: " + metric);
                }
                if (metric.has("Unit") && !UNITS.matcher(metric.path("Unit").asText()).matches()) {
                    problems.add("unit of " + name + " is not CloudWatch's: " + metric.path("Unit"));
                }
                JsonNode value = document.get(name);
                if (value == null || !(value.isNumber() || value.isArray() && value.size() <= 100)) {
                    problems.add("metric " + name + " must be a top-level number: " + value);
                }
            }
        }
        if (metricDefinitions > EmbeddedMetrics.MAX_METRICS) {
            problems.add("a document lists at most 100 metrics, not " + metricDefinitions);
        }
        return problems;
    }

    /** Every metric CloudWatch would extract from the document: each metric of a directive under each of its sets. */
    public static List<Published> published(JsonNode document) {
        List<Published> published = new ArrayList<>();
        for (JsonNode directive : document.path("_aws").path("CloudWatchMetrics")) {
            for (JsonNode set : directive.path("Dimensions")) {
                Map<String, String> dimensions = new TreeMap<>();
                set.forEach(key -> dimensions.put(key.asText(), document.path(key.asText()).asText()));
                for (JsonNode metric : directive.path("Metrics")) {
                    String name = metric.path("Name").asText();
                    published.add(new Published(directive.path("Namespace").asText(), name,
                            new LinkedHashMap<>(dimensions), document.path(name).asDouble(), metric.path("Unit").asText("None")));
                }
            }
        }
        return published;
    }
}
