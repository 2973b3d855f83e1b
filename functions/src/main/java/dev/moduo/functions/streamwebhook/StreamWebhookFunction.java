package dev.moduo.functions.streamwebhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Deadline;
import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import dev.moduo.core.Refusal;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import dev.moduo.lambda.ApiFunction;
import dev.moduo.lambda.Invocation;
import dev.moduo.stream.StreamWebhookVerifier;
import dev.moduo.webhook.DeliveryLog;
import dev.moduo.webhook.StreamCallEvents;
import dev.moduo.webhook.WebhookBodies;
import dev.moduo.webhook.WebhookOutcome;
import dev.moduo.webhook.WebhookSource;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * {@code POST /api/webhooks/stream}: Stream's call events. The {@code X-Signature} over the raw body
 * (uncompressed if gzip) is the authentication, checked before anything is read; 401 otherwise.
 * The body size is not capped below API Gateway's own limit: Stream sends every event type the
 * dashboard selects, and refusing a large one Moduo ignores anyway would only make Stream retry it.
 */
public class StreamWebhookFunction extends ApiFunction {

    static final Duration STREAM_WORK_BUDGET = Duration.ofMillis(2_500);

    @Inject
    protected StreamWebhookVerifier verifier;
    @Inject
    protected DeliveryLog deliveries;
    @Inject
    protected StreamCallEvents calls;

    public StreamWebhookFunction() {
        super();
    }

    public StreamWebhookFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected boolean receivesWebhooks() {
        return true;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Invocation invocation) {
        String signature = request.header("x-signature").filter(value -> !value.isBlank())
                .orElseThrow(() -> Refusal.unauthenticated("Missing X-Signature header"));
        if (!verifier.isValid(request.body(), signature, invocation.deadline())) {
            throw Refusal.unauthenticated("Webhook signature does not match");
        }
        JsonNode event = WebhookBodies.jsonObject(verifier.decodeBody(request.body()));
        String deliveryId = request.header("x-webhook-id").filter(value -> !value.isBlank()).orElse(null);
        String type = event.path("type").asText("");
        // Stream's docs ask for a fast answer (the older chat docs say within 3 s); Stream work left
        // undone here (a teardown after call.ended) stays owed to the scheduled cleanup.
        Deadline work = Deadline.after(invocation.deadline().cap(STREAM_WORK_BUDGET));
        WebhookOutcome outcome = deliveries.handleOnce(WebhookSource.STREAM, deliveryId, type,
                () -> calls.apply(event, work));
        EventLog.event(getClass().getSimpleName(), "Webhook handled", Json.object()
                .put("deliveryId", deliveryId).put("eventType", type)
                .put("outcome", outcome.message()).put("changed", outcome.changed()));
        return ApiResponse.message(200, outcome.message());
    }
}
