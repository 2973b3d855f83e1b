package dev.moduo.bench.http;

/** The contract's routes a person's browser calls, each with the status it answers on success. */
public enum Route {
    CREATE("create", "POST /api/sessions", 201),
    GET("get", "GET /api/sessions/{id}", 200),
    LIST("list active", "GET /api/sessions/active", 200),
    JOIN("join", "POST /api/sessions/{id}/join", 200),
    END("end", "POST /api/sessions/{id}/end", 200),
    TOKEN("token", "GET /api/chats/token", 200);

    private final String label;
    private final String request;
    private final int success;

    Route(String label, String request, int success) {
        this.label = label;
        this.request = request;
        this.success = success;
    }

    public String label() {
        return label;
    }

    public String request() {
        return request;
    }

    public int success() {
        return success;
    }

    /** Each request needs a session of its own made beforehand (a join takes a free seat; an end ends an active one). */
    public boolean consumesSessions() {
        return this == JOIN || this == END;
    }
}
