package dev.moduo.functions.report;

import dev.moduo.auth.Caller;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import dev.moduo.http.RequestBodies;
import dev.moduo.http.SessionRequests;
import dev.moduo.lambda.AuthenticatedFunction;
import dev.moduo.lambda.Invocation;
import dev.moduo.report.ReportService;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/** {@code GET /api/sessions/{sessionId}/report}: an ended session's report, for its host and its participant. */
public class SessionReportFunction extends AuthenticatedFunction {

    @Inject
    protected ReportService reports;

    public SessionReportFunction() {
        super();
    }

    public SessionReportFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Caller caller, Invocation invocation) {
        RequestBodies.rejectTooLarge(request);
        return ApiResponse.ok(reports.report(caller, SessionRequests.sessionId(request)));
    }
}
