package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StreamTimestampsTest {

    @Test
    void integerNanosecondsAreRead() throws Exception {
        // The created_at of the getstream-go webhook fixtures (stream-rest-api.md §6.2).
        assertEquals(Instant.parse("2026-05-08T00:00:00Z"), read("1778198400000000000"));
    }

    @Test
    void integerNanosecondsKeepTheirNanoseconds() throws Exception {
        assertEquals(Instant.parse("2026-05-08T00:00:00.123456789Z"), read("1778198400123456789"));
    }

    @Test
    void rfc3339WithNanosecondsIsRead() throws Exception {
        // The shape of a captured call.session_participant_joined (stream-rest-api.md §6.3).
        assertEquals(Instant.parse("2026-02-08T17:56:59.954267062Z"), read("\"2026-02-08T17:56:59.954267062Z\""));
    }

    @Test
    void rfc3339WithMillisecondsOrAnOffsetIsRead() throws Exception {
        assertEquals(Instant.parse("2026-02-08T17:56:59.678Z"), read("\"2026-02-08T17:56:59.678Z\""));
        assertEquals(Instant.parse("2026-02-08T17:56:59Z"), read("\"2026-02-08T18:56:59+01:00\""));
    }

    @Test
    void bothEncodingsOfOneInstantAreEqual() throws Exception {
        assertEquals(read("\"2026-11-26T10:00:00.123456789Z\""), read("1795687200123456789"));
    }

    @Test
    void absentOrNullIsEmpty() throws Exception {
        assertTrue(StreamTimestamps.read(null).isEmpty());
        assertTrue(StreamTimestamps.read(Json.read("{}").path("created_at")).isEmpty());
        assertTrue(StreamTimestamps.read(Json.read("null")).isEmpty());
    }

    @Test
    void malformedValuesAreRefused() throws Exception {
        for (String value : new String[] {"\"yesterday\"", "\"2026-02-08 17:56:59\"", "\"2026-02-08T17:56:59\"", "1.5e18",
                "true", "{}", "99999999999999999999999"}) {
            JsonNode node = Json.read(value);
            assertThrows(IllegalArgumentException.class, () -> StreamTimestamps.read(node), value);
        }
    }

    @Test
    void epochNanosOrdersEventsWithinOneMillisecond() {
        Instant first = Instant.parse("2026-11-26T10:00:00.000000100Z");
        Instant second = Instant.parse("2026-11-26T10:00:00.000000200Z");
        assertEquals(100, StreamTimestamps.epochNanos(second) - StreamTimestamps.epochNanos(first));
        assertEquals(1795687200000000100L, StreamTimestamps.epochNanos(first));
    }

    private static Instant read(String json) throws Exception {
        return StreamTimestamps.read(Json.read(json)).orElseThrow();
    }
}
