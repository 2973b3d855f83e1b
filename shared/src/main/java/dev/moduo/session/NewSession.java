package dev.moduo.session;

import java.util.Objects;

/** What a host asks for when creating a session, already validated (the HTTP edge reads it from the body). */
public record NewSession(String problemTitle, Difficulty difficulty) {

    public static final int MAX_TITLE_LENGTH = 200;

    public NewSession {
        Objects.requireNonNull(problemTitle, "problemTitle");
        Objects.requireNonNull(difficulty, "difficulty");
        if (!validTitle(problemTitle)) {
            throw new IllegalArgumentException("problemTitle must be 1 to " + MAX_TITLE_LENGTH + " characters, trimmed");
        }
    }

    /** A title as stored: trimmed, 1 to {@value #MAX_TITLE_LENGTH} characters (code points). */
    public static boolean validTitle(String title) {
        return !title.isEmpty() && title.equals(title.strip())
                && title.codePointCount(0, title.length()) <= MAX_TITLE_LENGTH;
    }
}
