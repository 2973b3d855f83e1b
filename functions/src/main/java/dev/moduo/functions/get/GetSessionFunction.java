package dev.moduo.functions.get;

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

/** {@code GET /api/sessions/{sessionId}}: the session, polled by the web client every 5 s. */
public class GetSessionFunction extends AuthenticatedFunction {

    @Inject
    protected SessionService sessions;

    public GetSessionFunction() {
        super();
    }

    public GetSessionFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller, Invocation invocation) {
        RequestBodies.rejectTooLarge(request);
        return ApiResponse.ok(sessions.get(SessionRequests.sessionId(request)));
    }
}
