package dev.moduo.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.EventLog;
import dev.moduo.core.Json;

/**
 * One structured JSON line per invocation on standard output (CloudWatch Logs in AWS), through
 * {@link EventLog}. It carries ids, status and timing only: never a header, a token, a body or a secret.
 */
public final class InvocationLog {

    private InvocationLog() {
    }

    /** The invocation's line; the function's edge adds its metrics and writes it through {@link EventLog}. */
    public static ObjectNode line(String function, String route, int status, long durationMicros,
                                  Invocation invocation, Throwable failure, boolean bug) {
        ObjectNode line = Json.object();
        line.put("level", bug ? "ERROR" : status >= 500 ? "WARN" : "INFO");
        line.put("function", function);
        line.put("route", route);
        line.put("status", status);
        line.put("durationMs", durationMicros / 1000.0);
        line.put("requestId", invocation.requestId());
        if (invocation.userId() != null) {
            line.put("userId", invocation.userId());
        }
        if (failure != null && status >= 500) {
            line.put("error", describe(failure));
            Throwable cause = failure.getCause();
            if (cause != null && cause != failure) {
                line.put("cause", describe(cause));
            }
            // What went wrong while handling the failure (a rollback that failed too) is kept there.
            if (failure.getSuppressed().length > 0) {
                var suppressed = line.putArray("suppressed");
                for (Throwable also : failure.getSuppressed()) {
                    suppressed.add(describe(also));
                }
            }
        }
        return line;
    }


    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
