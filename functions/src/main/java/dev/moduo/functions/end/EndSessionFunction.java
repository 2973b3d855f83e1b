package dev.moduo.functions.end;

import dev.moduo.auth.Caller;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import dev.moduo.http.RequestBodies;
import dev.moduo.http.SessionRequests;
import dev.moduo.lambda.AuthenticatedFunction;
import dev.moduo.lambda.Invocation;
import dev.moduo.session.SessionDetail;
import dev.moduo.session.SessionService;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.types.ObjectId;

/** {@code POST /api/sessions/{sessionId}/end}: the host ends the session; 200 whatever Stream answers. */
public class EndSessionFunction extends AuthenticatedFunction {

    @Inject
    protected SessionService sessions;

    public EndSessionFunction() {
        super();
    }

    public EndSessionFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller, Invocation invocation) {
        RequestBodies.rejectTooLarge(request);
        ObjectId id = SessionRequests.sessionId(request);
        Map<String, Object> body = new LinkedHashMap<>();
        SessionDetail ended = sessions.end(caller, id, invocation.deadline());
        body.put("session", ended.session());
        body.put("presence", ended.presence());
        body.put("message", "Session ended successfully");
        return ApiResponse.ok(body);
    }
}
