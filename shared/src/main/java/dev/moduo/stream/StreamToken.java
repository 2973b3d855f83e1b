package dev.moduo.stream;

import java.time.Instant;

/** A Stream user token for the browser, with the API key the browser needs beside it. */
public record StreamToken(String token, String apiKey, Instant expiresAt) {

    /** The token lets anyone act as the user until it expires, so it stays out of logs. */
    @Override
    public String toString() {
        return "StreamToken[token=<redacted>, apiKey=" + apiKey + ", expiresAt=" + expiresAt + "]";
    }
}
