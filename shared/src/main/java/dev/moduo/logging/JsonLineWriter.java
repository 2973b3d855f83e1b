package dev.moduo.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.event.Level;

/**
 * Writes one log event as one JSON object on one line, in the fields {@code InvocationLog}'s lines use
 * ({@code level}, {@code function}, {@code message}, {@code error}), plus the {@code logger} and a {@code timestamp}.
 *
 * <p>The timestamp is RFC 3339 because Lambda's JSON log format reads a line's level only from lines whose timestamp
 * it can read; without one a WARN line counts as INFO and an application log level of WARN drops it. The whole line
 * is built first and printed with one call, so lines from threads logging at once never interleave. Every message,
 * the failure's and its causes' included, goes through {@link UriCredentials#redact}.
 */
final class JsonLineWriter {

    private final Supplier<PrintStream> out;
    private final Clock clock;
    private final String function;

    /**
     * @param out      where lines go, looked up at each write
     * @param clock    the timestamp's clock
     * @param function the function's name for every line, or null to leave the field out (no Lambda around)
     */
    JsonLineWriter(Supplier<PrintStream> out, Clock clock, String function) {
        this.out = out;
        this.clock = clock;
        this.function = function;
    }

    void write(Level level, String logger, String message, Throwable failure) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = Jackson.FACTORY.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("timestamp", clock.instant().toString());
            json.writeStringField("level", level.name());
            if (function != null) {
                json.writeStringField("function", function);
            }
            json.writeStringField("logger", logger);
            json.writeStringField("message", UriCredentials.redact(message));
            if (failure != null) {
                FailureSummary summary = FailureSummary.of(failure);
                json.writeStringField("error", summary.error());
                writeList(json, "causes", summary.causes());
                writeList(json, "suppressed", summary.suppressed());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("A StringWriter does not fail", e);
        }
        out.get().println(line);
    }

    private static void writeList(JsonGenerator json, String field, List<String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    /**
     * Jackson's streaming writer only (escaping done right, no ObjectMapper start-up), loaded with the first line
     * rather than when SLF4J binds: a function's INIT that logs nothing loads none of it.
     */
    private static final class Jackson {
        static final JsonFactory FACTORY = new JsonFactory();
    }
}
