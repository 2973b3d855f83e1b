package dev.moduo.functions.create;

import dev.moduo.auth.Caller;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import dev.moduo.http.SessionRequests;
import dev.moduo.lambda.AuthenticatedFunction;
import dev.moduo.lambda.Invocation;
import dev.moduo.metrics.Metric;
import dev.moduo.metrics.Metrics;
import dev.moduo.session.SessionDetail;
import dev.moduo.session.SessionService;
import dev.moduo.limits.LimitedAction;
import dev.moduo.limits.RateLimiter;
import dev.moduo.user.UserProfile;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** {@code POST /api/sessions}: 201 with the new session, whose Stream call and chat channel exist. */
public class CreateSessionFunction extends AuthenticatedFunction {

    @Inject
    protected RateLimiter limits;

    @Inject
    protected SessionService sessions;

    public CreateSessionFunction() {
        super();
    }

    public CreateSessionFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller, Invocation invocation) {
        // First, so that a refused request changes nothing but its counter and calls no Stream; it also reads the
        // caller's profile, which the route needs.
        UserProfile user = limits.admit(caller, LimitedAction.CREATE_SESSION);
        SessionDetail created = sessions.create(user, SessionRequests.newSession(request), invocation.deadline());
        Metrics.count(Metric.SESSIONS_CREATED);
        return ApiResponse.created(created);
    }
}
