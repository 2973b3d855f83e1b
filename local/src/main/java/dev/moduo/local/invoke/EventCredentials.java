package dev.moduo.local.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.local.embedded.DevClerkIssuer;
import dev.moduo.local.embedded.DevUser;
import dev.moduo.local.smoke.JwtParts;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * With the development issuer, {@code invoke} is Clerk: its key is made for the run, so no token written into an
 * event beforehand (a sample's placeholder, a token from {@code generate-event} or from a runner) can verify.
 * It gives the event a fresh development token for the same user instead, where the event had one: the
 * {@code Authorization: Bearer} header and the {@code __session} cookie. An event without either stays without
 * (its 401 is the function's honest answer).
 */
final class EventCredentials {

    static final String DEFAULT_USER = "user_local";
    private static final String BEARER = "bearer ";
    private static final String SESSION_COOKIE = "__session=";

    private EventCredentials() {
    }

    /**
     * @param user the {@code --user} option, or null for the event's token's {@code sub}, else {@link #DEFAULT_USER}
     * @return what was replaced, for whom (one line for the person at the terminal); empty when the event carries no token
     */
    static Optional<String> reissue(ObjectNode event, DevClerkIssuer issuer, String user) {
        List<String> found = new ArrayList<>();
        JsonNode headers = event.get("headers");
        String authorizationName = null;
        if (headers instanceof ObjectNode headerNode) {
            for (Iterator<Map.Entry<String, JsonNode>> it = headerNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                if (header.getKey().equalsIgnoreCase("authorization") && header.getValue().isTextual()
                        && header.getValue().asText().toLowerCase(Locale.ROOT).startsWith(BEARER)) {
                    authorizationName = header.getKey();
                    found.add(header.getValue().asText().substring(BEARER.length()).trim());
                }
            }
        }
        int cookieIndex = -1;
        JsonNode cookies = event.get("cookies");
        if (cookies instanceof ArrayNode cookieArray) {
            for (int i = 0; i < cookieArray.size(); i++) {
                if (cookieArray.get(i).asText().startsWith(SESSION_COOKIE)) {
                    cookieIndex = i;
                    found.add(cookieArray.get(i).asText().substring(SESSION_COOKIE.length()));
                }
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> sub = found.stream().map(JwtParts::read).flatMap(Optional::stream)
                .map(parts -> parts.text("sub")).filter(value -> value != null && DevUser.ID.matcher(value).matches())
                .findFirst();
        String subject = user != null ? user : sub.orElse(DEFAULT_USER);
        String why = user != null ? "--user" : sub.isPresent() ? "the sub of the event's token" : "the event's token names"
                + " no user; --user ID chooses one";
        String token = issuer.token(subject, DevClerkIssuer.DEFAULT_AUTHORIZED_PARTY);
        List<String> where = new ArrayList<>();
        if (authorizationName != null) {
            ((ObjectNode) headers).put(authorizationName, "Bearer " + token);
            where.add("Authorization header");
        }
        if (cookieIndex >= 0) {
            ((ArrayNode) cookies).set(cookieIndex, SESSION_COOKIE + token);
            where.add("__session cookie");
        }
        return Optional.of("Clerk: development issuer; the event's token (" + String.join(", ", where)
                + ") is replaced by a development token for " + subject + " (" + why + ")");
    }
}
