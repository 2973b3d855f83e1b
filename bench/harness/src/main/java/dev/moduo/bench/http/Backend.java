package dev.moduo.bench.http;

import java.net.URI;
import java.util.function.Function;

/**
 * A backend that speaks Moduo's API contract at {@code base}: this repository's functions through the local
 * runner, or any other (the Express app) started by hand. {@code pid} is the process whose CPU is counted
 * (0: not counted); {@code tokens} gives a bearer token for a user id.
 */
public record Backend(String name, URI base, long pid, Function<String, String> tokens) {

    public boolean countsCpu() {
        return pid > 0;
    }
}
