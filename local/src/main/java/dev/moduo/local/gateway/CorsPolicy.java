package dev.moduo.local.gateway;

import dev.moduo.local.template.CorsSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API's CORS as API Gateway applies a {@code CorsConfiguration}: it answers every OPTIONS
 * request itself (the functions never see preflights), adds the CORS headers to responses for an
 * allowed origin, and drops any CORS headers a function set.
 */
public final class CorsPolicy {

    private final CorsSpec spec;

    private CorsPolicy(CorsSpec spec) {
        this.spec = spec;
    }

    public static CorsPolicy of(Optional<CorsSpec> spec) {
        return new CorsPolicy(spec.orElse(null));
    }

    public boolean enabled() {
        return spec != null;
    }

    public List<String> allowedOrigins() {
        return spec == null ? List.of() : spec.allowOrigins();
    }

    public GatewayResponse preflight(GatewayRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        String origin = allowedOrigin(request).orElse(null);
        if (origin != null) {
            headers.put("access-control-allow-origin", origin);
            if (spec.allowCredentials()) {
                headers.put("access-control-allow-credentials", "true");
            }
            if (!spec.allowMethods().isEmpty()) {
                headers.put("access-control-allow-methods", String.join(",", spec.allowMethods()));
            }
            if (!spec.allowHeaders().isEmpty()) {
                headers.put("access-control-allow-headers", String.join(",", spec.allowHeaders()));
            }
            if (!spec.exposeHeaders().isEmpty()) {
                headers.put("access-control-expose-headers", String.join(",", spec.exposeHeaders()));
            }
            if (spec.maxAgeSeconds() != null) {
                headers.put("access-control-max-age", spec.maxAgeSeconds().toString());
            }
        }
        return new GatewayResponse(204, List.of(), new byte[0]).withHeaders(headers);
    }

    /** The response as the browser gets it: the function's own CORS headers replaced by the API's. */
    public GatewayResponse apply(GatewayRequest request, GatewayResponse response) {
        if (spec == null) {
            return response;
        }
        GatewayResponse cleaned = response.withoutHeadersStartingWith("access-control-");
        Optional<String> origin = allowedOrigin(request);
        if (origin.isEmpty()) {
            return cleaned;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("access-control-allow-origin", origin.get());
        if (spec.allowCredentials()) {
            headers.put("access-control-allow-credentials", "true");
        }
        if (!spec.exposeHeaders().isEmpty()) {
            headers.put("access-control-expose-headers", String.join(",", spec.exposeHeaders()));
        }
        return cleaned.withHeaders(headers);
    }

    /** The value for Access-Control-Allow-Origin when the request's Origin is allowed. */
    private Optional<String> allowedOrigin(GatewayRequest request) {
        Optional<String> origin = request.header("origin");
        if (spec == null || origin.isEmpty()) {
            return Optional.empty();
        }
        String value = origin.get().trim();
        for (String allowed : spec.allowOrigins()) {
            if (allowed.equals("*")) {
                // With credentials a browser refuses "*", so the one origin is named, as API Gateway does.
                return Optional.of(spec.allowCredentials() ? value : "*");
            }
            if (stripSlash(allowed).equalsIgnoreCase(stripSlash(value)) || wildcardMatches(allowed, value)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    // API Gateway allows one leading wildcard in a host, e.g. https://*.example.com.
    private static boolean wildcardMatches(String allowed, String origin) {
        int star = allowed.indexOf("://*.");
        if (star < 0) {
            return false;
        }
        String scheme = allowed.substring(0, star + 3).toLowerCase(Locale.ROOT);
        String suffix = allowed.substring(star + 4).toLowerCase(Locale.ROOT);
        String candidate = origin.toLowerCase(Locale.ROOT);
        return candidate.startsWith(scheme) && candidate.endsWith(suffix) && candidate.length() > scheme.length() + suffix.length();
    }

    private static String stripSlash(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }
}
