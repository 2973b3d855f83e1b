package dev.moduo.functions.recordings;

import dev.moduo.auth.Caller;
import dev.moduo.core.Refusal;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import dev.moduo.http.RequestBodies;
import dev.moduo.http.SessionRequests;
import dev.moduo.lambda.AuthenticatedFunction;
import dev.moduo.lambda.Invocation;
import dev.moduo.recording.RecordingService;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import org.bson.types.ObjectId;

/**
 * {@code POST /api/sessions/{sessionId}/recordings/start} and {@code .../stop} (the host, while the session is
 * active: 202, Stream reports the change by webhook) and {@code GET /api/sessions/{sessionId}/recordings} (the host
 * and the participant, during and after the session): one resource, so one function.
 */
public class SessionRecordingsFunction extends AuthenticatedFunction {

    static final String LIST_ROUTE = "GET /api/sessions/{sessionId}/recordings";
    static final String START_ROUTE = "POST /api/sessions/{sessionId}/recordings/start";
    static final String STOP_ROUTE = "POST /api/sessions/{sessionId}/recordings/stop";

    @Inject
    protected RecordingService recordings;

    public SessionRecordingsFunction() {
        super();
    }

    public SessionRecordingsFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller, Invocation invocation) {
        RequestBodies.rejectTooLarge(request);
        ObjectId id = SessionRequests.sessionId(request);
        // API Gateway and the local runner always give the route key; a concrete path could never match a template.
        return switch (String.valueOf(request.routeKey())) {
            case LIST_ROUTE -> ApiResponse.ok(recordings.list(caller, id, invocation.deadline()));
            case START_ROUTE -> ApiResponse.of(202, recordings.start(caller, id, invocation.deadline()));
            case STOP_ROUTE -> ApiResponse.of(202, recordings.stop(caller, id, invocation.deadline()));
            default -> throw Refusal.notFound("Route not found");
        };
    }
}
