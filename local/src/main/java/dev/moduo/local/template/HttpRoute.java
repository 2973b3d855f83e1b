package dev.moduo.local.template;

/**
 * One route of the HTTP API as the template declares it: {@code method} upper case or {@code ANY},
 * {@code path} like {@code /api/sessions/{sessionId}} or {@code $default}.
 */
public record HttpRoute(String method, String path) {

    public static final String ANY = "ANY";
    public static final String DEFAULT_PATH = "$default";

    /** API Gateway's route key, as the event's {@code routeKey} carries it. */
    public String routeKey() {
        return path.equals(DEFAULT_PATH) ? DEFAULT_PATH : method + " " + path;
    }
}
