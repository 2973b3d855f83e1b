package dev.moduo.local.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.local.LocalJson;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * A JWT's header and payload, read without checking its signature: the smoke test only needs to know
 * whose token it holds and until when, and which user a Stream token names; {@code invoke}, whom an event's
 * token names. The API judges signatures.
 */
public record JwtParts(JsonNode header, JsonNode payload) {

    public static Optional<JwtParts> read(String jwt) {
        if (jwt == null) {
            return Optional.empty();
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode header = LocalJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode payload = LocalJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (header == null || !header.isObject() || payload == null || !payload.isObject()) {
                return Optional.empty();
            }
            return Optional.of(new JwtParts(header, payload));
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    /** A string claim, or null when it is absent, blank or not a string. */
    public String text(String claim) {
        JsonNode value = payload.get(claim);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    /** A NumericDate claim (whole seconds), or null. */
    Long seconds(String claim) {
        JsonNode value = payload.get(claim);
        return value != null && value.isNumber() ? value.asLong() : null;
    }
}
