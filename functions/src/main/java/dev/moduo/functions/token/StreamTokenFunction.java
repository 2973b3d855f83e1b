package dev.moduo.functions.token;

import dev.moduo.auth.Caller;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import dev.moduo.lambda.AuthenticatedFunction;
import dev.moduo.lambda.Invocation;
import dev.moduo.chat.ChatTokenService;
import dev.moduo.http.RequestBodies;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** {@code GET /api/chats/token}: a Stream user token that expires, with the caller's name and avatar. */
public class StreamTokenFunction extends AuthenticatedFunction {

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
        RequestBodies.rejectTooLarge(request);
        return ApiResponse.ok(tokens.issue(caller, invocation.deadline()));
    }
}
