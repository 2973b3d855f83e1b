package dev.moduo.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Deadline;
import dev.moduo.core.Json;
import dev.moduo.stream.StreamCredentials;
import dev.moduo.stream.StreamCredentialsSource;
import java.util.Objects;

/**
 * Stream's API key and secret from a Secrets Manager secret whose value is
 * {@code {"apiKey": "...", "apiSecret": "..."}}. Reading, caching and rotation are {@link CachedSecret}'s;
 * Stream answering 401 invalidates it, so the next request reads a rotated secret at once.
 */
public final class SecretsManagerStreamCredentials implements StreamCredentialsSource {

    private final CachedSecret secret;
    private volatile Parsed parsed;

    public SecretsManagerStreamCredentials(CachedSecret secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    @Override
    public StreamCredentials current(Deadline deadline) {
        String raw = secret.current(deadline);
        Parsed last = parsed;
        // The cached value is the same String until it is read again: parse once per read, not per request.
        if (last != null && last.raw() == raw) {
            return last.credentials();
        }
        StreamCredentials credentials;
        try {
            credentials = parse(raw);
        } catch (IllegalStateException malformed) {
            // Read again next time rather than keep a value nobody can use: the fix is picked up at once.
            secret.invalidate();
            throw malformed;
        }
        parsed = new Parsed(raw, credentials);
        return credentials;
    }

    @Override
    public void invalidate() {
        secret.invalidate();
        parsed = null;
    }

    // Jackson's parse errors quote the text they failed on, which here is the secret: they are not chained.
    private StreamCredentials parse(String secretString) {
        JsonNode node;
        try {
            node = Json.read(secretString);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new IllegalStateException("Secret '" + secret.secretId()
                    + "' is not a JSON object; expected {\"apiKey\": \"...\", \"apiSecret\": \"...\"}");
        }
        return new StreamCredentials(field(node, "apiKey"), field(node, "apiSecret"));
    }

    private String field(JsonNode value, String name) {
        JsonNode field = value.get(name);
        if (field == null || !field.isTextual() || field.asText().isBlank()) {
            throw new IllegalStateException("Secret '" + secret.secretId() + "' has no " + name
                    + " field (a non-empty string is expected)");
        }
        return field.asText();
    }

    private record Parsed(String raw, StreamCredentials credentials) {
        @Override
        public String toString() {
            return "Parsed[***]";
        }
    }
}
