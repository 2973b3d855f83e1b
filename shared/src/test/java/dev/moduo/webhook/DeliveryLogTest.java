package dev.moduo.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.mongo.testing.MongoTestServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeliveryLogTest {

    // A fixed time that never falls seven days behind today: against a real MongoDB (MONGODB_URI) the TTL
    // index removes records whose handledAt is that old by the server's own clock, in the middle of a test.
    private static final Instant NOW = Instant.parse("2126-11-26T10:00:00Z");

    private MongoTestServer mongo;
    private DeliveryLog log;

    @BeforeEach
    void start() {
        mongo = new MongoTestServer();
        log = new DeliveryLog(mongo.database(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private long stored() {
        return mongo.database().getCollection(DeliveryLog.COLLECTION).countDocuments();
    }

    @Test
    void workRunsOnceForOneDeliveryId() {
        AtomicInteger runs = new AtomicInteger();
        WebhookOutcome first = log.handleOnce(WebhookSource.CLERK, "msg_1", "user.created",
                () -> WebhookOutcome.changed("run " + runs.incrementAndGet()));
        WebhookOutcome second = log.handleOnce(WebhookSource.CLERK, "msg_1", "user.created",
                () -> WebhookOutcome.changed("run " + runs.incrementAndGet()));

        assertEquals("run 1", first.message());
        assertEquals(DeliveryLog.ALREADY_HANDLED, second.message());
        assertEquals(1, runs.get());
    }

    @Test
    void failedWorkIsNotRecordedSoTheRetryRunsIt() {
        assertThrows(IllegalStateException.class, () -> log.handleOnce(WebhookSource.CLERK, "msg_1", "user.created", () -> {
            throw new IllegalStateException("Stream is down");
        }));
        assertFalse(log.isHandled(WebhookSource.CLERK, "msg_1"));

        assertEquals("done", log.handleOnce(WebhookSource.CLERK, "msg_1", "user.created",
                () -> WebhookOutcome.changed("done")).message());
        assertTrue(log.isHandled(WebhookSource.CLERK, "msg_1"));
    }

    @Test
    void workThatChangedNothingIsNotRecorded() {
        AtomicInteger runs = new AtomicInteger();
        log.handleOnce(WebhookSource.STREAM, "wh-1", "call.session_started", () -> {
            runs.incrementAndGet();
            return WebhookOutcome.ignored("not handled");
        });
        assertEquals(0, stored());
        log.handleOnce(WebhookSource.STREAM, "wh-1", "call.session_started", () -> {
            runs.incrementAndGet();
            return WebhookOutcome.ignored("not handled");
        });
        assertEquals(2, runs.get());
    }

    @Test
    void sendersHaveSeparateIdSpaces() {
        log.recordHandled(WebhookSource.STREAM, "same-id", "call.ended", NOW);
        assertTrue(log.isHandled(WebhookSource.STREAM, "same-id"));
        assertFalse(log.isHandled(WebhookSource.CLERK, "same-id"));
    }

    @Test
    void recordingTwiceIsNotAnError() {
        log.recordHandled(WebhookSource.STREAM, "wh-1", "call.ended", NOW);
        log.recordHandled(WebhookSource.STREAM, "wh-1", "call.ended", NOW);
        assertEquals(1, stored());
    }

    @Test
    void deliveryWithoutIdIsHandledEveryTime() {
        AtomicInteger runs = new AtomicInteger();
        log.handleOnce(WebhookSource.STREAM, null, "call.ended", () -> WebhookOutcome.changed("run " + runs.incrementAndGet()));
        log.handleOnce(WebhookSource.STREAM, null, "call.ended", () -> WebhookOutcome.changed("run " + runs.incrementAndGet()));
        assertEquals(2, runs.get());
        assertEquals(0, stored());
    }

    @Test
    void recordCarriesSenderIdTypeAndTime() {
        log.handleOnce(WebhookSource.CLERK, "msg_2", "user.deleted", () -> WebhookOutcome.changed("done"));
        Document stored = mongo.database().getCollection(DeliveryLog.COLLECTION).find().first();
        assertEquals("clerk:msg_2", stored.getString("_id"));
        assertEquals("clerk", stored.getString("source"));
        assertEquals("msg_2", stored.getString("deliveryId"));
        assertEquals("user.deleted", stored.getString("eventType"));
        assertEquals(NOW, stored.getDate("handledAt").toInstant());
    }

    @Test
    void recordsExpireAfterSevenDays() {
        log.recordHandled(WebhookSource.STREAM, "wh-1", "call.ended", NOW);

        Document ttl = null;
        for (Document index : mongo.database().getCollection(DeliveryLog.COLLECTION).listIndexes()) {
            if ("handledAt_ttl".equals(index.getString("name"))) {
                ttl = index;
            }
        }
        assertNotNull(ttl, "no TTL index on handledAt");
        assertEquals(new Document("handledAt", 1), ttl.get("key", Document.class));
        assertEquals(7L * 24 * 3600, ((Number) ttl.get("expireAfterSeconds")).longValue());
    }
}
