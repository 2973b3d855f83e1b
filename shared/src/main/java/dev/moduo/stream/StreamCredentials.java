package dev.moduo.stream;

/**
 * The Stream app's API key and secret. The key is public (the browser gets it too); the secret signs
 * every server token, user token and webhook, so it is kept out of {@link #toString()}.
 */
public record StreamCredentials(String apiKey, String apiSecret) {

    public StreamCredentials {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("Stream API key is missing");
        }
        if (apiSecret == null || apiSecret.isBlank()) {
            throw new IllegalArgumentException("Stream API secret is missing");
        }
    }

    @Override
    public String toString() {
        return "StreamCredentials[apiKey=" + apiKey + ", apiSecret=<redacted>]";
    }
}
