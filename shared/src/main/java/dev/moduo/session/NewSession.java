package dev.moduo.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.http.ApiException;

/** The body of {@code POST /api/sessions}, validated. */
public record NewSession(String problemTitle, Difficulty difficulty) {

    public static final int MAX_TITLE_LENGTH = 200;

    public static NewSession from(JsonNode body) {
        JsonNode title = body.get("problemTitle");
        if (title == null || title.isNull()) {
            throw ApiException.badRequest("problemTitle is required");
        }
        if (!title.isTextual()) {
            throw ApiException.badRequest("problemTitle must be a string");
        }
        String trimmed = title.asText().strip();
        if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > MAX_TITLE_LENGTH) {
            throw ApiException.badRequest("problemTitle must be 1 to " + MAX_TITLE_LENGTH + " characters");
        }
        JsonNode difficulty = body.get("difficulty");
        if (difficulty == null || difficulty.isNull()) {
            throw ApiException.badRequest("difficulty is required: easy, medium or hard");
        }
        if (!difficulty.isTextual()) {
            throw ApiException.badRequest("difficulty must be a string: easy, medium or hard");
        }
        Difficulty parsed = Difficulty.parse(difficulty.asText())
                .orElseThrow(() -> ApiException.badRequest("difficulty must be one of easy, medium, hard"));
        return new NewSession(trimmed, parsed);
    }
}
