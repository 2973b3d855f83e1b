package dev.moduo.functions.create;

import dev.moduo.auth.Caller;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import dev.moduo.http.SessionRequests;
import dev.moduo.lambda.AuthenticatedFunction;
import dev.moduo.lambda.Invocation;
import dev.moduo.session.SessionService;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** {@code POST /api/sessions}: 201 with the new session, whose Stream call and chat channel exist. */
public class CreateSessionFunction extends AuthenticatedFunction {

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
        return ApiResponse.created(sessions.create(caller, SessionRequests.newSession(request), invocation.deadline()));
    }
}
