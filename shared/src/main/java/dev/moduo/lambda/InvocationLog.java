package dev.moduo.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.Json;
import java.io.PrintStream;

/**
 * One structured JSON line per invocation on standard output (CloudWatch Logs in AWS).
 * It carries ids, status and timing only: never a header, a token, a body or a secret.
 */
public final class InvocationLog {

    private static volatile PrintStream out = System.out;

    private InvocationLog() {
    }

    /** Lets a test read the lines; Lambda itself captures standard output. */
    public static void redirectForTests(PrintStream stream) {
        out = stream;
    }

    public static void write(String function, String route, int status, long durationMicros,
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
        }
        out.println(line);
    }

    public static void event(String function, String message, ObjectNode fields) {
        ObjectNode line = Json.object();
        line.put("level", "INFO");
        line.put("function", function);
        line.put("message", message);
        if (fields != null) {
            line.setAll(fields);
        }
        out.println(line);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
