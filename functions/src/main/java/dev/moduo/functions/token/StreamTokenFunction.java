package dev.moduo.functions.token;

import dev.moduo.auth.Caller;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import dev.moduo.lambda.AuthenticatedFunction;
import dev.moduo.lambda.Invocation;
import dev.moduo.metrics.Metric;
import dev.moduo.metrics.Metrics;
import dev.moduo.chat.ChatTokenService;
import dev.moduo.http.RequestBodies;
import dev.moduo.limits.LimitedAction;
import dev.moduo.limits.RateLimiter;
import dev.moduo.user.UserProfile;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;

/** {@code GET /api/chats/token}: a Stream user token that expires, with the caller's name and avatar. */
public class StreamTokenFunction extends AuthenticatedFunction {

    @Inject
    protected RateLimiter limits;

    @Inject
    protected ChatTokenService tokens;

    public StreamTokenFunction() {
        super();
    }

    public StreamTokenFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller, Invocation invocation) {
        // First, so that a refused request changes nothing but its counter and calls no Stream; it also reads the
        // caller's profile, which the route needs.
        UserProfile user = limits.admit(caller, LimitedAction.STREAM_TOKEN);
        RequestBodies.rejectTooLarge(request);
        Map<String, Object> token = tokens.issue(user, invocation.deadline());
        Metrics.count(Metric.TOKENS_ISSUED);
        return ApiResponse.ok(token);
    }
}
