package dev.moduo.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.config.Settings;
import dev.moduo.core.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one invocation counted, written into its one log line as embedded metrics when it ends (see
 * {@link EmbeddedMetrics}). The function's edge begins it and ends it; the code in between counts through
 * {@link Metrics}, which finds it on the current thread (a Lambda environment runs one invocation at a time, on
 * one thread; the local runner runs each request on its own).
 *
 * <p>Not thread-safe: it belongs to the invocation's thread.
 */
public final class InvocationMetrics {

    public static final String NAMESPACE = "Moduo";
    /** The {@code Service} dimension: template.yaml sets it to the stack's name. */
    public static final String SERVICE_SETTING = "METRICS_SERVICE";
    public static final String DEFAULT_SERVICE = "moduo";

    private static final ThreadLocal<InvocationMetrics> CURRENT = new ThreadLocal<>();

    private final String service;
    private final String function;
    private final String route;
    private final ColdStart.Kind coldStart;
    private final InvocationMetrics outer;
    private final List<Entry> entries = new ArrayList<>(8);

    private InvocationMetrics(String service, String function, String route, ColdStart.Kind coldStart,
                              InvocationMetrics outer) {
        this.service = service;
        this.function = function;
        this.route = route;
        this.coldStart = coldStart;
        this.outer = outer;
    }

    /** The {@code Service} dimension's value from the settings. */
    public static String service(Settings settings) {
        return settings.get(SERVICE_SETTING, DEFAULT_SERVICE);
    }

    /**
     * Starts counting for an invocation of {@code function} on this thread; {@link #end()} stops it.
     *
     * @param route     the API Gateway route key, or null for a function that serves none (the scheduled cleanup)
     * @param coldStart the kind of cold start this invocation is, or null for a warm one
     */
    public static InvocationMetrics begin(String service, String function, String route, ColdStart.Kind coldStart) {
        InvocationMetrics metrics = new InvocationMetrics(service, function, route, coldStart, CURRENT.get());
        metrics.put(Metric.COLD_START, coldStart == null ? 0 : 1);
        CURRENT.set(metrics);
        return metrics;
    }

    /** Stops counting on this thread; nothing counted afterwards reaches this invocation. */
    public void end() {
        if (CURRENT.get() == this) {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The kind of cold start this invocation is, or null for a warm one. */
    public ColdStart.Kind coldStart() {
        return coldStart;
    }

    static InvocationMetrics current() {
        return CURRENT.get();
    }

    public void count(Metric metric) {
        count(metric, null);
    }

    public void count(Metric metric, String label) {
        entry(metric, label).value += 1;
    }

    /** Sets the value (a duration, a 0-or-1 flag) rather than adding to it. */
    public void put(Metric metric, double value) {
        entry(metric, null).value = value;
    }

    /** Whether anything was counted for {@code metric} in this invocation. */
    public boolean has(Metric metric) {
        for (Entry entry : entries) {
            if (entry.metric == metric) {
                return true;
            }
        }
        return false;
    }

    /** The value counted for {@code metric} and {@code label} (null for a metric without label); 0 if none. */
    public double value(Metric metric, String label) {
        for (Entry entry : entries) {
            if (entry.metric == metric && Objects.equals(entry.label, label)) {
                return entry.value;
            }
        }
        return 0;
    }

    /**
     * The invocation's documents: {@code line} (its log line) with every count it can hold, then, only when two
     * values of one dimension were counted (two Stream operations failed, say), one more line per extra value.
     */
    public List<ObjectNode> documents(ObjectNode line, long timestampMillis) {
        List<EmbeddedMetrics.Datum> data = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            Metric metric = entry.metric;
            Map<String, String> dimensions = new HashMap<>(4);
            for (List<Dimension> set : metric.dimensionSets()) {
                for (Dimension dimension : set) {
                    dimensions.put(dimension.key(), valueOf(dimension, entry));
                }
            }
            data.add(new EmbeddedMetrics.Datum(metric.metricName(), metric.unit(), metric.dimensionKeys(), dimensions,
                    entry.value));
        }
        return EmbeddedMetrics.write(NAMESPACE, data, line, () -> continuation(line), timestampMillis);
    }

    private String valueOf(Dimension dimension, Entry entry) {
        return switch (dimension) {
            case SERVICE -> service;
            case FUNCTION -> function;
            case ROUTE -> route;
            default -> dimension == entry.metric.label() ? entry.label : null;
        };
    }

    /** A further document names what it belongs to, like the line it continues. */
    private static ObjectNode continuation(ObjectNode line) {
        ObjectNode more = Json.object();
        more.put("level", "INFO");
        copy(line, more, "function");
        copy(line, more, "requestId");
        copy(line, more, "runId");
        more.put("message", "Metrics of the invocation beyond its log line");
        return more;
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.set(field, value);
        }
    }

    private Entry entry(Metric metric, String label) {
        for (Entry entry : entries) {
            if (entry.metric == metric && Objects.equals(entry.label, label)) {
                return entry;
            }
        }
        Entry entry = new Entry(metric, label);
        entries.add(entry);
        return entry;
    }

    private static final class Entry {
        final Metric metric;
        final String label;
        double value;

        Entry(Metric metric, String label) {
            this.metric = metric;
            this.label = label;
        }
    }
}
