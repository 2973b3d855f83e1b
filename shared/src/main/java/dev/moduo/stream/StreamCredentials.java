package dev.moduo.stream;
/** Stream's API key and secret. The secret is never printed. */
public record StreamCredentials(String apiKey, String apiSecret) {
    @Override public String toString() { return "StreamCredentials[apiKey=" + apiKey + ", apiSecret=***]"; }
}
