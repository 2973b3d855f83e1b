package dev.moduo.lambda;

import dev.moduo.auth.Caller;
import dev.moduo.auth.ClerkTokenVerifier;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** A function whose every route needs a Clerk session token: 401 before any business code runs. */
public abstract class AuthenticatedFunction extends ApiFunction {

    /** The cookie Clerk's browser SDK keeps the session token in. */
    public static final String SESSION_COOKIE = "__session";

    @Inject
    protected ClerkTokenVerifier tokenVerifier;

    protected AuthenticatedFunction() {
        super();
    }

    protected AuthenticatedFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected final ApiResponse handle(ApiRequest request, Invocation invocation) {
        Caller caller = tokenVerifier.authenticate(request.header("authorization"), request.cookie(SESSION_COOKIE));
        invocation.userId(caller.userId());
        return handle(request, caller, invocation);
    }

    protected abstract ApiResponse handle(ApiRequest request, Caller caller, Invocation invocation);
}
