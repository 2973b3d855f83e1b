package dev.moduo.local.template;

import java.util.List;

/** The HTTP API's {@code CorsConfiguration}; {@code maxAgeSeconds} is null when the template sets none. */
public record CorsSpec(List<String> allowOrigins, boolean allowCredentials, List<String> allowHeaders,
                       List<String> allowMethods, List<String> exposeHeaders, Integer maxAgeSeconds) {

    public CorsSpec {
        allowOrigins = List.copyOf(allowOrigins);
        allowHeaders = List.copyOf(allowHeaders);
        allowMethods = List.copyOf(allowMethods);
        exposeHeaders = List.copyOf(exposeHeaders);
    }

    /** The same configuration with other allowed origins ({@code CORS_ALLOWED_ORIGINS}). */
    public CorsSpec withOrigins(List<String> origins) {
        return new CorsSpec(origins, allowCredentials, allowHeaders, allowMethods, exposeHeaders, maxAgeSeconds);
    }
}
