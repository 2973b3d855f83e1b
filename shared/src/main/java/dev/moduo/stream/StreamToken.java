package dev.moduo.stream;

import java.time.Instant;

/** A Stream user token for the browser, with the API key the browser needs beside it. */
public record StreamToken(String token, String apiKey, Instant expiresAt) {
}
