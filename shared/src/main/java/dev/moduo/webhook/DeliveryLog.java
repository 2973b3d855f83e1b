package dev.moduo.webhook;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.moduo.metrics.DeliveryOutcome;
import dev.moduo.metrics.Metric;
import dev.moduo.metrics.Metrics;
import dev.moduo.mongo.DatabaseErrors;
import dev.moduo.mongo.Documents;
import dev.moduo.mongo.IndexesOnce;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * The {@code webhook_deliveries} collection: the deliveries already handled, by the sender's message id
 * (Svix's {@code svix-id}, Stream's {@code X-Webhook-Id}; both stay the same across retries). A delivery
 * is recorded only once its work has succeeded, so a failed one is done again when the sender retries;
 * the work itself is written to be repeatable, which also covers two copies arriving at the same time.
 */
@Singleton
public class DeliveryLog {

    public static final String COLLECTION = "webhook_deliveries";
    /** Longer than either sender keeps retrying a message (Svix: about a day and a half). */
    public static final Duration RETENTION = Duration.ofDays(7);
    public static final String ALREADY_HANDLED = "Already handled";

    private final IndexesOnce indexed;
    private final Clock clock;

    public DeliveryLog(MongoDatabase database, Clock clock) {
        this.clock = clock;
        this.indexed = new IndexesOnce(database.getCollection(COLLECTION), List.of(new IndexModel(Indexes.ascending("handledAt"),
                new IndexOptions().name("handledAt_ttl").expireAfter(RETENTION.toSeconds(), TimeUnit.SECONDS))));
    }

    private MongoCollection<Document> deliveries() {
        return indexed.ready();
    }

    /**
     * Runs {@code work} unless this delivery was handled before, and records it once {@code work}
     * returned having changed something; if {@code work} throws, nothing is recorded and the sender's
     * retry runs it again. A delivery without an id (the sender always sends one) is handled every time.
     * Each delivery is counted by outcome (applied, ignored, duplicate); one that throws is counted by the edge.
     */
    public WebhookOutcome handleOnce(WebhookSource source, String deliveryId, String eventType,
                                     Supplier<WebhookOutcome> work) {
        if (deliveryId != null && isHandled(source, deliveryId)) {
            Metrics.count(Metric.WEBHOOK_DELIVERIES, DeliveryOutcome.DUPLICATE.label());
            return new WebhookOutcome(ALREADY_HANDLED, false);
        }
        WebhookOutcome outcome = work.get();
        if (deliveryId != null && outcome.changed()) {
            recordHandled(source, deliveryId, eventType, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        }
        Metrics.count(Metric.WEBHOOK_DELIVERIES,
                (outcome.changed() ? DeliveryOutcome.APPLIED : DeliveryOutcome.IGNORED).label());
        return outcome;
    }

    public boolean isHandled(WebhookSource source, String deliveryId) {
        return deliveries().find(eq("_id", key(source, deliveryId))).first() != null;
    }

    /** Records a handled delivery; recording one twice (two copies raced) is not an error. */
    public void recordHandled(WebhookSource source, String deliveryId, String eventType, Instant now) {
        Document document = new Document("_id", key(source, deliveryId))
                .append("source", source.stored())
                .append("deliveryId", deliveryId)
                .append("eventType", eventType)
                .append("handledAt", Documents.date(now));
        try {
            deliveries().insertOne(document);
        } catch (MongoWriteException e) {
            if (!DatabaseErrors.isDuplicateKey(e)) {
                throw e;
            }
        }
    }

    /** One id space per sender: nothing says Svix's and Stream's ids cannot collide. */
    static String key(WebhookSource source, String deliveryId) {
        return source.stored() + ":" + deliveryId;
    }
}
