package dev.moduo.functions.join;

import dev.moduo.auth.Caller;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import dev.moduo.http.RequestBodies;
import dev.moduo.http.SessionRequests;
import dev.moduo.lambda.AuthenticatedFunction;
import dev.moduo.lambda.Invocation;
import dev.moduo.session.SessionService;
import dev.moduo.limits.LimitedAction;
import dev.moduo.limits.RateLimiter;
import dev.moduo.user.UserProfile;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** {@code POST /api/sessions/{sessionId}/join}: of any number of joiners, exactly one gets the seat. */
public class JoinSessionFunction extends AuthenticatedFunction {

    @Inject
    protected RateLimiter limits;

    @Inject
    protected SessionService sessions;

    public JoinSessionFunction() {
        super();
    }

    public JoinSessionFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller, Invocation invocation) {
        // First, so that a refused request changes nothing but its counter and calls no Stream; it also reads the
        // caller's profile, which the route needs.
        UserProfile user = limits.admit(caller, LimitedAction.JOIN_SESSION);
        RequestBodies.rejectTooLarge(request);
        return ApiResponse.ok(sessions.join(user, SessionRequests.sessionId(request), invocation.deadline()));
    }
}
