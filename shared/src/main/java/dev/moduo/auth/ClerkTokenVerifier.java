package dev.moduo.auth;

import dev.moduo.config.Settings;
import dev.moduo.http.ApiRequest;
import jakarta.inject.Singleton;

// SKELETON: replaced by the auth work.
@Singleton
public class ClerkTokenVerifier {
    public ClerkTokenVerifier(Settings settings) {
    }

    public Caller authenticate(ApiRequest request) {
        throw new UnsupportedOperationException("skeleton");
    }

    public Caller verify(String token) {
        throw new UnsupportedOperationException("skeleton");
    }
}
