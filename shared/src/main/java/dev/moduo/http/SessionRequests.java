package dev.moduo.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Refusal;
import dev.moduo.session.Difficulty;
import dev.moduo.session.NewSession;
import org.bson.types.ObjectId;

/** The typed inputs of the session routes, read from the request with the messages the contract gives. */
public final class SessionRequests {

    private SessionRequests() {
    }

    /** The {@code {sessionId}} of the path. */
    public static ObjectId sessionId(ApiRequest request) {
        String raw = request.pathParameter("sessionId").orElse(null);
        if (raw == null || !ObjectId.isValid(raw)) {
            throw Refusal.badInput("sessionId must be a 24-character hexadecimal id");
        }
        return new ObjectId(raw);
    }

    /** The body of {@code POST /api/sessions}: {@code {"problemTitle": "...", "difficulty": "easy|medium|hard"}}. */
    public static NewSession newSession(ApiRequest request) {
        JsonNode body = RequestBodies.jsonObject(request);
        JsonNode title = body.get("problemTitle");
        if (title == null || title.isNull()) {
            throw Refusal.badInput("problemTitle is required");
        }
        if (!title.isTextual()) {
            throw Refusal.badInput("problemTitle must be a string");
        }
        String trimmed = title.asText().strip();
        if (!NewSession.validTitle(trimmed)) {
            throw Refusal.badInput("problemTitle must be 1 to " + NewSession.MAX_TITLE_LENGTH + " characters");
        }
        JsonNode difficulty = body.get("difficulty");
        if (difficulty == null || difficulty.isNull()) {
            throw Refusal.badInput("difficulty is required: easy, medium or hard");
        }
        if (!difficulty.isTextual()) {
            throw Refusal.badInput("difficulty must be a string: easy, medium or hard");
        }
        Difficulty parsed = Difficulty.parse(difficulty.asText())
                .orElseThrow(() -> Refusal.badInput("difficulty must be one of easy, medium, hard"));
        return new NewSession(trimmed, parsed);
    }
}
