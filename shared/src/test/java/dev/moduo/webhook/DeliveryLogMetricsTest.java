package dev.moduo.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moduo.metrics.DeliveryOutcome;
import dev.moduo.metrics.InvocationMetrics;
import dev.moduo.metrics.Metric;
import dev.moduo.mongo.testing.MongoTestServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each delivery is counted by what became of it. */
class DeliveryLogMetricsTest {

    private static final Instant NOW = Instant.parse("2126-11-26T10:00:00Z");

    private MongoTestServer mongo;
    private DeliveryLog log;
    private InvocationMetrics metrics;

    @BeforeEach
    void start() {
        mongo = new MongoTestServer();
        log = new DeliveryLog(mongo.database(), Clock.fixed(NOW, ZoneOffset.UTC));
        metrics = InvocationMetrics.begin("moduo-test", "StreamWebhookFunction", "POST /api/webhooks/stream", null);
    }

    @AfterEach
    void stop() {
        metrics.end();
        mongo.close();
    }

    private double counted(DeliveryOutcome outcome) {
        return metrics.value(Metric.WEBHOOK_DELIVERIES, outcome.label());
    }

    @Test
    void aDeliveryThatChangedSomethingIsApplied() {
        log.handleOnce(WebhookSource.STREAM, "w1", "call.ended", () -> WebhookOutcome.changed("Session ended"));

        assertEquals(1, counted(DeliveryOutcome.APPLIED));
    }

    @Test
    void aDeliveryThatChangedNothingIsIgnored() {
        log.handleOnce(WebhookSource.STREAM, "w1", "call.created", () -> WebhookOutcome.ignored("not a call event Moduo uses"));

        assertEquals(1, counted(DeliveryOutcome.IGNORED));
    }

    @Test
    void aDeliveryHandledBeforeIsADuplicateAndDoesNoWork() {
        log.handleOnce(WebhookSource.STREAM, "w1", "call.ended", () -> WebhookOutcome.changed("Session ended"));

        log.handleOnce(WebhookSource.STREAM, "w1", "call.ended", () -> {
            throw new AssertionError("a duplicate must not run its work");
        });

        assertEquals(1, counted(DeliveryOutcome.APPLIED));
        assertEquals(1, counted(DeliveryOutcome.DUPLICATE));
    }

    @Test
    void aDeliveryWhoseWorkFailedIsLeftToTheEdge() {
        assertThrows(IllegalStateException.class, () -> log.handleOnce(WebhookSource.STREAM, "w1", "call.ended", () -> {
            throw new IllegalStateException("Stream is down");
        }));

        assertFalse(metrics.has(Metric.WEBHOOK_DELIVERIES), "the edge counts it as failed from its status");
    }
}
