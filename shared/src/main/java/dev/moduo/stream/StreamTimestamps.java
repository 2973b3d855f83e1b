package dev.moduo.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Reads a timestamp of a Stream payload. Stream's v2 API and its SDKs' webhook fixtures use integer
 * Unix nanoseconds; its chat webhook docs and captured call events use RFC 3339 strings (up to
 * nanosecond precision). Which one real webhooks use is not documented, so both are read.
 */
public final class StreamTimestamps {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private StreamTimestamps() {
    }

    /**
     * The instant, or empty when the field is absent or null.
     *
     * @throws IllegalArgumentException when it is present but neither an RFC 3339 string nor an integer
     */
    public static Optional<Instant> read(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return Optional.empty();
        }
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw new IllegalArgumentException("timestamp is out of range");
            }
            long nanos = value.longValue();
            return Optional.of(Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND),
                    Math.floorMod(nanos, NANOS_PER_SECOND)));
        }
        if (value.isTextual()) {
            try {
                return Optional.of(OffsetDateTime.parse(value.textValue().trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("timestamp is not an RFC 3339 date-time");
            }
        }
        throw new IllegalArgumentException("timestamp must be an RFC 3339 string or integer nanoseconds");
    }

    /** Nanoseconds since the epoch, which orders two events of the same second exactly (a Date keeps only ms). */
    public static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }
}
