package dev.moduo.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;

/**
 * Structured JSON lines on standard output (CloudWatch Logs in AWS): one per event worth an operator's
 * attention ("Stream teardown deferred to cleanup"), and the invocation log's one per request. A line
 * carries ids, outcomes and timing only: never a header, a token, a body or a secret.
 */
public final class EventLog {

    private static volatile PrintStream out = System.out;

    private EventLog() {
    }

    /** Lets a test read the lines; Lambda itself captures standard output. */
    public static void redirectForTests(PrintStream stream) {
        out = stream;
    }

    /** An event in {@code source} (a class or a function): {@code level} INFO, the message, and its fields. */
    public static void event(String source, String message, ObjectNode fields) {
        ObjectNode line = Json.object();
        line.put("level", "INFO");
        line.put("function", source);
        line.put("message", message);
        if (fields != null) {
            line.setAll(fields);
        }
        write(line);
    }

    /** A line made elsewhere (the invocation log's). */
    public static void write(ObjectNode line) {
        out.println(line);
    }
}
