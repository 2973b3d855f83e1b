package dev.moduo.functions.clerkwebhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import dev.moduo.http.RequestBodies;
import dev.moduo.lambda.ApiFunction;
import dev.moduo.lambda.Invocation;
import dev.moduo.webhook.ClerkUserSync;
import dev.moduo.webhook.DeliveryLog;
import dev.moduo.webhook.SvixVerifier;
import dev.moduo.webhook.WebhookBodies;
import dev.moduo.webhook.WebhookOutcome;
import dev.moduo.webhook.WebhookSource;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/**
 * {@code POST /api/webhooks/clerk}: Clerk's user events, sent through Svix. No Clerk session token
 * here: the Svix signature over the raw body is the authentication, checked before anything is read.
 * 200 once the event is applied (or was before, or is of a type Moduo ignores); 5xx when MongoDB or
 * Stream failed, so that Svix retries.
 */
public class ClerkWebhookFunction extends ApiFunction {

    @Inject
    protected SvixVerifier verifier;
    @Inject
    protected DeliveryLog deliveries;
    @Inject
    protected ClerkUserSync users;

    public ClerkWebhookFunction() {
        super();
    }

    public ClerkWebhookFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected boolean receivesWebhooks() {
        return true;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Invocation invocation) {
        RequestBodies.rejectTooLarge(request);
        String deliveryId = verifier.verify(request, invocation.deadline());
        JsonNode event = WebhookBodies.jsonObject(request.body());
        invocation.userId(ClerkUserSync.userIdOf(event));
        String type = event.path("type").asText("");
        WebhookOutcome outcome = deliveries.handleOnce(WebhookSource.CLERK, deliveryId, type,
                () -> users.apply(event, invocation.deadline()));
        EventLog.event(getClass().getSimpleName(), "Webhook handled", Json.object()
                .put("deliveryId", deliveryId).put("eventType", type)
                .put("outcome", outcome.message()).put("changed", outcome.changed()));
        return ApiResponse.message(200, outcome.message());
    }
}
