package dev.moduo.limits;

/**
 * What a user may do only so often per {@link RateLimiter#WINDOW}, with the setting that changes the limit and
 * its default. The defaults are far above what an interviewer does in an hour (see README's settings table),
 * so only a runaway client or a script meets them.
 */
public enum LimitedAction {

    /** POST /api/sessions: each creates a Stream call and channel. An interviewer hosts a few an hour at most. */
    CREATE_SESSION("create", "SESSION_CREATE_LIMIT", 20, "sessions created"),
    /**
     * POST /api/sessions/{id}/join: the session page joins on every load, so a reload counts, and a refused
     * join (full, ended, not found) counts too: probing session ids is what the limit is for.
     */
    JOIN_SESSION("join", "SESSION_JOIN_LIMIT", 120, "session joins"),
    /** GET /api/chats/token: the web client fetches one per page load. */
    STREAM_TOKEN("token", "STREAM_TOKEN_LIMIT", 120, "chat tokens fetched");

    private final String key;
    private final String setting;
    private final int defaultLimit;
    private final String counted;

    LimitedAction(String key, String setting, int defaultLimit, String counted) {
        this.key = key;
        this.setting = setting;
        this.defaultLimit = defaultLimit;
        this.counted = counted;
    }

    /** How the action is named in the stored counters. */
    public String key() {
        return key;
    }

    /** The setting (environment variable) holding the limit per window. */
    public String setting() {
        return setting;
    }

    public int defaultLimit() {
        return defaultLimit;
    }

    /** What the refusal message says was counted, e.g. "sessions created". */
    public String counted() {
        return counted;
    }
}
