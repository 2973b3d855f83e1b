package dev.moduo.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes metrics into JSON log lines in CloudWatch's embedded metric format (EMF): CloudWatch Logs extracts a
 * metric from a line whose {@code _aws.CloudWatchMetrics} names it, so the line people read is also the metric
 * document and nothing is sent to CloudWatch's API.
 *
 * <p>A document is a JSON object with its metric values and dimension values as top-level members, and an
 * {@code _aws} object: {@code Timestamp} (epoch milliseconds) and {@code CloudWatchMetrics}, a list of
 * directives {@code {Namespace, Dimensions: [[key, ...], ...], Metrics: [{Name, Unit}, ...]}}. A top-level member
 * holds one value, so one document can carry a metric once and a dimension with one value; data that do not
 * fit the first document (the same metric for two operations, say) go to further ones. Per the specification a
 * document lists at most {@value #MAX_METRICS} metrics and a dimension set at most {@value #MAX_DIMENSIONS} keys.
 */
public final class EmbeddedMetrics {

    public static final int MAX_METRICS = 100;
    public static final int MAX_DIMENSIONS = 30;
    /** CloudWatch's limit for a metric or dimension name. */
    static final int MAX_NAME_LENGTH = 255;
    /** CloudWatch's limit for a dimension value. */
    static final int MAX_VALUE_LENGTH = 1024;
    /** What a missing or empty dimension value is published as: CloudWatch refuses an empty one. */
    static final String NO_VALUE = "none";

    private EmbeddedMetrics() {
    }

    /**
     * One metric value to publish.
     *
     * @param dimensionSets the dimension sets it is published under (each set is one metric in CloudWatch)
     * @param dimensions    the value of every key the sets name
     */
    public record Datum(String name, Unit unit, List<List<String>> dimensionSets, Map<String, String> dimensions,
                        double value) {

        public Datum {
            requireName(name, "metric name");
            if (unit == null || dimensionSets == null || dimensionSets.isEmpty() || dimensions == null) {
                throw new IllegalArgumentException(name + ": a unit, at least one dimension set and the dimensions are required");
            }
            for (List<String> set : dimensionSets) {
                if (set.size() > MAX_DIMENSIONS) {
                    throw new IllegalArgumentException(name + ": a dimension set holds at most " + MAX_DIMENSIONS + " keys");
                }
                for (String key : set) {
                    requireName(key, "dimension key");
                    if (!dimensions.containsKey(key)) {
                        throw new IllegalArgumentException(name + ": no value for its dimension " + key);
                    }
                }
            }
        }

        private static void requireName(String name, String what) {
            if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH || name.startsWith(":")) {
                throw new IllegalArgumentException("Not a CloudWatch " + what + ": " + name);
            }
        }
    }

    /**
     * Adds {@code data} to {@code first} (a log line that may already be a document, like the cleanup's summary)
     * and, where they do not fit there, to documents {@code more} makes. Data with a value that is not a finite
     * number are left out: JSON has no NaN, and CloudWatch takes none.
     *
     * @return {@code first}, then the further documents; {@code first} unchanged (no {@code _aws}) when there is no datum
     */
    public static List<ObjectNode> write(String namespace, List<Datum> data, ObjectNode first, Supplier<ObjectNode> more,
                                         long timestampMillis) {
        List<Document> documents = new ArrayList<>(1);
        documents.add(new Document(first, namespace, timestampMillis));
        for (Datum datum : data) {
            if (!Double.isFinite(datum.value())) {
                continue;
            }
            Document target = null;
            for (Document document : documents) {
                if (document.fits(datum)) {
                    target = document;
                    break;
                }
            }
            if (target == null) {
                target = new Document(more.get(), namespace, timestampMillis);
                documents.add(target);
            }
            target.add(datum);
        }
        List<ObjectNode> lines = new ArrayList<>(documents.size());
        for (Document document : documents) {
            lines.add(document.root);
        }
        return lines;
    }

    /** What CloudWatch accepts as a dimension value: printable ASCII, 1 to 1024 characters. */
    static String dimensionValue(String value) {
        if (value == null || value.isBlank()) {
            return NO_VALUE;
        }
        String bounded = value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value;
        for (int i = 0; i < bounded.length(); i++) {
            char c = bounded.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return replaceUnprintable(bounded);
            }
        }
        return bounded;
    }

    private static String replaceUnprintable(String value) {
        StringBuilder printable = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            printable.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        return printable.toString();
    }

    /** One document being filled: its root, and its directives by dimension sets. */
    private static final class Document {
        final ObjectNode root;
        final String namespace;
        final long timestampMillis;
        ArrayNode directives;
        final Map<List<List<String>>, ArrayNode> metricsBySets = new HashMap<>(4);
        int metricCount;

        Document(ObjectNode root, String namespace, long timestampMillis) {
            this.root = root;
            this.namespace = namespace;
            this.timestampMillis = timestampMillis;
            // A line that is a document already (the cleanup's summary) keeps its directives, and they count.
            JsonNode existing = root.path("_aws").path("CloudWatchMetrics");
            if (existing.isArray()) {
                directives = (ArrayNode) existing;
                for (JsonNode directive : existing) {
                    metricCount += directive.path("Metrics").size();
                }
            }
        }

        /** Whether the datum's metric name is free here and its dimensions agree with what the root holds. */
        boolean fits(Datum datum) {
            if (root.has(datum.name()) || metricCount >= MAX_METRICS) {
                return false;
            }
            for (List<String> set : datum.dimensionSets()) {
                for (String key : set) {
                    JsonNode held = root.get(key);
                    if (held != null && !(held.isTextual()
                            && held.textValue().equals(dimensionValue(datum.dimensions().get(key))))) {
                        return false;
                    }
                }
            }
            return true;
        }

        void add(Datum datum) {
            for (List<String> set : datum.dimensionSets()) {
                for (String key : set) {
                    if (!root.has(key)) {
                        root.put(key, dimensionValue(datum.dimensions().get(key)));
                    }
                }
            }
            double value = datum.value();
            // Counts are whole: written as 1 rather than 1.0, which keeps the line short and readable.
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                root.put(datum.name(), (long) value);
            } else {
                root.put(datum.name(), value);
            }
            ArrayNode metrics = metricsBySets.get(datum.dimensionSets());
            if (metrics == null) {
                ObjectNode directive = directives().addObject();
                directive.put("Namespace", namespace);
                directive.set("Dimensions", dimensionSets(datum.dimensionSets()));
                metrics = directive.putArray("Metrics");
                metricsBySets.put(datum.dimensionSets(), metrics);
            }
            metrics.addObject().put("Name", datum.name()).put("Unit", datum.unit().cloudWatchName());
            metricCount++;
        }

        private ArrayNode directives() {
            if (directives == null) {
                ObjectNode aws = root.has("_aws") ? (ObjectNode) root.get("_aws") : root.putObject("_aws");
                if (!aws.has("Timestamp")) {
                    aws.put("Timestamp", timestampMillis);
                }
                directives = aws.putArray("CloudWatchMetrics");
            }
            return directives;
        }

        private ArrayNode dimensionSets(List<List<String>> sets) {
            ArrayNode array = root.arrayNode(sets.size());
            for (List<String> set : sets) {
                ArrayNode keys = array.addArray();
                set.forEach(keys::add);
            }
            return array;
        }
    }
}
