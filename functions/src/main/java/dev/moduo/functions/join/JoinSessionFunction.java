package dev.moduo.functions.join;

import dev.moduo.auth.Caller;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import dev.moduo.http.RequestBodies;
import dev.moduo.http.SessionRequests;
import dev.moduo.lambda.AuthenticatedFunction;
import dev.moduo.lambda.Invocation;
import dev.moduo.session.SessionService;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** {@code POST /api/sessions/{sessionId}/join}: of any number of joiners, exactly one gets the seat. */
public class JoinSessionFunction extends AuthenticatedFunction {

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
        RequestBodies.rejectTooLarge(request);
        return ApiResponse.ok(sessions.join(caller, SessionRequests.sessionId(request), invocation.deadline()));
    }
}
