package dev.moduo.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.local.LocalJson;
import dev.moduo.local.docs.ApiDocs;
import dev.moduo.local.embedded.DevClerkIssuer;
import dev.moduo.local.embedded.DevClerkWebhooks;
import dev.moduo.local.embedded.DevUser;
import dev.moduo.local.embedded.EmbeddedStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What exists only in the local runner, under {@code /_local/}: the development issuer's JWKS, tokens and
 * cookie sign-in (only while no real Clerk setting is given), the Stream emulator's state and the controls a
 * person plays the browsers with ({@link StreamEmulatorEndpoints}, only while no Stream key is set),
 * {@code health} for scripts that wait for the runner, and the API docs ({@link ApiDocs}, always). Anything else
 * there is not found.
 *
 * <p>Sign-in sets {@code __session} on the runner's origin as Clerk's frontend sets it on the app's origin
 * ({@code Path=/; SameSite=Lax}, readable by scripts, as Clerk's is), so a web client served with
 * {@code --web} authenticates with the cookie alone, as the production client does.
 */
public final class LocalEndpoints {

    public static final String PREFIX = "/_local/";
    /** 200 once the embedded services are up (503 before); not logged, as scripts poll it. */
    public static final String HEALTH = PREFIX + "health";
    public static final String SIGN_IN = PREFIX + "sign-in";
    public static final String SIGN_OUT = PREFIX + "sign-out";
    public static final String SESSION_COOKIE = "__session";
    private static final int MAX_PROFILE_FIELD = 256;

    private final CompletableFuture<DevClerkIssuer> clerk;
    private final DevClerkWebhooks webhooks;
    private final CompletableFuture<EmbeddedStream> stream;
    private final CompletableFuture<?> ready;
    private final ApiDocs docs;
    private final Consumer<String> log;

    public LocalEndpoints(Optional<CompletableFuture<DevClerkIssuer>> clerk, Optional<DevClerkWebhooks> webhooks,
                          Optional<CompletableFuture<EmbeddedStream>> stream, CompletableFuture<?> ready,
                          ApiDocs docs, Consumer<String> log) {
        this.docs = docs;
        this.clerk = clerk.orElse(null);
        this.webhooks = webhooks.orElse(null);
        this.stream = stream.orElse(null);
        this.ready = ready;
        this.log = log;
    }

    public GatewayResponse handle(GatewayRequest request) {
        String path = request.rawPath();
        String method = request.method();
        if (ApiDocs.owns(path)) {
            return docs.serve(request);
        }
        if (clerk != null && path.equals(SIGN_IN)) {
            return switch (method) {
                case "POST" -> signInFromJson(request);
                case "GET" -> signInAndRedirect(request);
                default -> methodNotAllowed("GET, POST");
            };
        }
        if (clerk != null && path.equals(SIGN_OUT)) {
            return method.equals("POST") ? signOut() : methodNotAllowed("POST");
        }
        if (stream != null && StreamEmulatorEndpoints.owns(path)) {
            return StreamEmulatorEndpoints.handle(request, stream::join);
        }
        if (!method.equals("GET")) {
            return GatewayResponse.message(404, "Not Found");
        }
        if (path.equals(HEALTH)) {
            boolean up = ready.isDone() && !ready.isCompletedExceptionally();
            return GatewayResponse.json(up ? 200 : 503, LocalJson.message(up ? "Ready" : "Starting"));
        }
        if (clerk != null && path.equals(PREFIX + "jwks.json")) {
            return GatewayResponse.json(200, LocalJson.bytes(clerk.join().jwks()));
        }
        if (clerk != null && path.equals(PREFIX + "token")) {
            return token(HttpApiEvents.queryParameters(request.rawQuery()));
        }
        return GatewayResponse.message(404, "Not Found");
    }

    /** The token alone as text, so a shell can take it with {@code $(curl -s ...)}. */
    private GatewayResponse token(Map<String, String> query) {
        String user = query.get("user");
        if (user == null || user.isBlank()) {
            return GatewayResponse.message(400, "Query parameter user is required, e.g. /_local/token?user=user_host");
        }
        if (!DevUser.ID.matcher(user).matches()) {
            return GatewayResponse.message(400, "Query parameter user must be 1 to 64 letters, digits, _ or -");
        }
        Optional<String> tooLong = tooLong(Map.of("name", query.getOrDefault("name", ""),
                "email", query.getOrDefault("email", ""), "image", query.getOrDefault("image", "")), "Query parameter ");
        if (tooLong.isPresent()) {
            return GatewayResponse.message(400, tooLong.get());
        }
        DevUser devUser = new DevUser(user, query.get("name"), query.get("email"), query.get("image"));
        return GatewayResponse.text(200, issue(devUser, DevClerkIssuer.DEFAULT_AUTHORIZED_PARTY));
    }

    /** {@code POST /_local/sign-in {"userId", "name", "email", "imageUrl"}}: the cookie, and who it is for. */
    private GatewayResponse signInFromJson(GatewayRequest request) {
        JsonNode body;
        try {
            body = LocalJson.MAPPER.readTree(request.body());
        } catch (IOException e) {
            return GatewayResponse.message(400, "Body must be JSON {\"userId\": \"user_...\", \"name\": \"...\"}");
        }
        if (body == null || !body.isObject()) {
            return GatewayResponse.message(400, "Body must be JSON {\"userId\": \"user_...\", \"name\": \"...\"}");
        }
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String name : List.of("userId", "name", "email", "imageUrl")) {
            JsonNode value = body.get(name);
            if (value != null && !value.isNull() && !value.isTextual()) {
                return GatewayResponse.message(400, name + " must be a string");
            }
            fields.put(name, value == null || value.isNull() ? "" : value.textValue());
        }
        Optional<String> problem = userIdProblem(fields.get("userId"), "userId")
                .or(() -> tooLong(Map.of("name", fields.get("name"), "email", fields.get("email"),
                        "imageUrl", fields.get("imageUrl")), ""));
        if (problem.isPresent()) {
            return GatewayResponse.message(400, problem.get());
        }
        DevUser user = new DevUser(fields.get("userId"), fields.get("name"), fields.get("email"), fields.get("imageUrl"));
        String token = issue(user, origin(request));
        ObjectNode answer = LocalJson.object();
        answer.put("userId", user.userId());
        answer.put("expiresInSeconds", DevClerkIssuer.TOKEN_LIFETIME.toSeconds());
        return GatewayResponse.json(200, LocalJson.bytes(answer)).withHeaders(Map.of("set-cookie", sessionCookie(token)));
    }

    /** {@code GET /_local/sign-in?user=...&name=...&redirect=/dashboard}: for a browser's address bar. */
    private GatewayResponse signInAndRedirect(GatewayRequest request) {
        Map<String, String> query = HttpApiEvents.queryParameters(request.rawQuery());
        String user = query.getOrDefault("user", "");
        Optional<String> problem = userIdProblem(user, "Query parameter user")
                .or(() -> tooLong(Map.of("name", query.getOrDefault("name", ""), "email", query.getOrDefault("email", ""),
                        "image", query.getOrDefault("image", "")), "Query parameter "));
        String redirect = query.getOrDefault("redirect", "/");
        // Only a path on this origin: an open redirect is not needed by anyone.
        if (!redirect.startsWith("/") || redirect.startsWith("//") || redirect.contains("\\")) {
            problem = problem.or(() -> Optional.of("Query parameter redirect must be a path on this origin, e.g. /dashboard"));
        }
        if (problem.isPresent()) {
            return GatewayResponse.message(400, problem.get());
        }
        String token = issue(new DevUser(user, query.get("name"), query.get("email"), query.get("image")), origin(request));
        return new GatewayResponse(303, List.of(Map.entry("location", redirect),
                Map.entry("set-cookie", sessionCookie(token)), Map.entry("cache-control", "no-store")), new byte[0]);
    }

    private static GatewayResponse signOut() {
        return GatewayResponse.json(200, LocalJson.message("Signed out"))
                .withHeaders(Map.of("set-cookie", SESSION_COOKIE + "=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax"));
    }

    /** Delivers the user's {@code user.created} the first time, then signs their token. */
    private String issue(DevUser user, String authorizedParty) {
        if (webhooks != null) {
            webhooks.ensureCreated(user).ifPresent(problem -> log.accept("Warning: " + problem));
        }
        return clerk.join().token(user.userId(), authorizedParty);
    }

    /**
     * As clerk-js sets it on the app's own domain: every path, sent on top-level navigations, not Secure on
     * http, and an {@code Expires} date as clerk-js writes it (a {@code Max-Age} would also make Java's cookie
     * jar take it for an RFC 2965 cookie and send the value back quoted).
     */
    static String sessionCookie(String token) {
        return SESSION_COOKIE + "=" + token + "; Path=/; Expires="
                + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plus(DevClerkIssuer.TOKEN_LIFETIME))
                + "; SameSite=Lax";
    }

    /** The page's origin, which Clerk puts in {@code azp}: the Origin header, else this host as the browser named it. */
    private static String origin(GatewayRequest request) {
        return request.header("origin").filter(value -> !value.isBlank() && !value.equals("null"))
                .or(() -> request.header("host").map(host -> "http://" + host))
                .orElse(DevClerkIssuer.DEFAULT_AUTHORIZED_PARTY);
    }

    private static Optional<String> userIdProblem(String userId, String what) {
        if (userId == null || userId.isBlank()) {
            return Optional.of(what + " is required, e.g. user_host");
        }
        if (!DevUser.ID.matcher(userId).matches()) {
            return Optional.of(what + " must be 1 to 64 letters, digits, _ or -");
        }
        return Optional.empty();
    }

    private static Optional<String> tooLong(Map<String, String> fields, String prefix) {
        return fields.entrySet().stream()
                .filter(field -> field.getValue() != null && field.getValue().length() > MAX_PROFILE_FIELD)
                .map(field -> prefix + field.getKey() + " must be at most " + MAX_PROFILE_FIELD + " characters")
                .findFirst();
    }

    static GatewayResponse methodNotAllowed(String allowed) {
        return GatewayResponse.message(405, "Method Not Allowed").withHeaders(Map.of("allow", allowed));
    }
}
