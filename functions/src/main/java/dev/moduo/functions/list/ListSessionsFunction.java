package dev.moduo.functions.list;

import dev.moduo.auth.Caller;
import dev.moduo.core.Refusal;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import dev.moduo.http.RequestBodies;
import dev.moduo.lambda.AuthenticatedFunction;
import dev.moduo.lambda.Invocation;
import dev.moduo.session.PageRequest;
import dev.moduo.session.SessionService;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/**
 * {@code GET /api/sessions/active} (everyone's active sessions) and {@code GET /api/sessions/recent}
 * (the caller's completed ones): one query with a different filter, so one function.
 */
public class ListSessionsFunction extends AuthenticatedFunction {

    static final String ACTIVE_ROUTE = "GET /api/sessions/active";
    static final String RECENT_ROUTE = "GET /api/sessions/recent";

    @Inject
    protected SessionService sessions;

    public ListSessionsFunction() {
        super();
    }

    public ListSessionsFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller, Invocation invocation) {
        RequestBodies.rejectTooLarge(request);
        PageRequest page = PageRequest.parse(request.query("limit"), request.query("cursor"));
        String route = request.routeKey() != null ? request.routeKey() : request.method() + " " + request.path();
        if (route.equals(ACTIVE_ROUTE) || request.path().endsWith("/sessions/active")) {
            return ApiResponse.ok(sessions.listActive(page));
        }
        if (route.equals(RECENT_ROUTE) || request.path().endsWith("/sessions/recent")) {
            return ApiResponse.ok(sessions.listRecent(caller, page));
        }
        throw Refusal.notFound("Route not found");
    }
}
