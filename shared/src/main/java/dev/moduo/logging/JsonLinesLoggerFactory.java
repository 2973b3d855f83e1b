package dev.moduo.logging;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** One logger per name, all at the same threshold, all writing through one {@link JsonLineWriter}. */
final class JsonLinesLoggerFactory implements ILoggerFactory {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final LogThreshold threshold;
    private final JsonLineWriter writer;

    JsonLinesLoggerFactory(LogThreshold threshold, JsonLineWriter writer) {
        this.threshold = threshold;
        this.writer = writer;
    }

    /**
     * Reads the level and the function's name from the environment Lambda gives the process. A level it cannot read
     * is said once, in a line of its own, rather than failing the function's INIT over a log setting.
     */
    static JsonLinesLoggerFactory from(Map<String, String> environment, Clock clock, Supplier<PrintStream> out) {
        LogThreshold threshold = LogThreshold.parse(environment.get(JsonLinesProvider.LEVEL_SETTING));
        String function = environment.get(JsonLinesProvider.FUNCTION_SETTING);
        JsonLinesLoggerFactory factory = new JsonLinesLoggerFactory(threshold,
                new JsonLineWriter(out, clock, function == null || function.isBlank() ? null : function));
        threshold.problem().ifPresent(problem -> factory.getLogger(JsonLinesProvider.class.getName()).warn(problem));
        return factory;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, key -> new JsonLinesLogger(key, threshold, writer));
    }

    LogThreshold threshold() {
        return threshold;
    }
}
