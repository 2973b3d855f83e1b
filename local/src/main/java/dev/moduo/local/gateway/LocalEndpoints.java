package dev.moduo.local.gateway;

import dev.moduo.local.LocalJson;
import dev.moduo.local.embedded.DevClerkIssuer;
import dev.moduo.local.embedded.EmbeddedStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * What exists only in the local runner, under {@code /_local/}: the development issuer's JWKS and tokens
 * (only while no real Clerk setting is given), the Stream emulator's state (only while no Stream key
 * is set), and {@code health} for scripts that wait for the runner. Anything else there is not found.
 */
public final class LocalEndpoints {

    public static final String PREFIX = "/_local/";
    /** 200 once the embedded services are up (503 before); not logged, as scripts poll it. */
    public static final String HEALTH = PREFIX + "health";
    // A Clerk user id, or anything a Stream user id may be.
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final CompletableFuture<DevClerkIssuer> clerk;
    private final CompletableFuture<EmbeddedStream> stream;
    private final CompletableFuture<?> ready;

    public LocalEndpoints(Optional<CompletableFuture<DevClerkIssuer>> clerk, Optional<CompletableFuture<EmbeddedStream>> stream,
                          CompletableFuture<?> ready) {
        this.clerk = clerk.orElse(null);
        this.stream = stream.orElse(null);
        this.ready = ready;
    }

    public GatewayResponse handle(GatewayRequest request) {
        String path = request.rawPath();
        if (!request.method().equals("GET")) {
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
        if (stream != null && path.equals(PREFIX + "stream")) {
            return GatewayResponse.json(200, LocalJson.bytes(stream.join().state()));
        }
        return GatewayResponse.message(404, "Not Found");
    }

    /** The token alone as text, so a shell can take it with {@code $(curl -s ...)}. */
    private GatewayResponse token(Map<String, String> query) {
        String user = query.get("user");
        if (user == null || user.isBlank()) {
            return GatewayResponse.message(400, "Query parameter user is required, e.g. /_local/token?user=user_host");
        }
        if (!USER_ID.matcher(user).matches()) {
            return GatewayResponse.message(400, "Query parameter user must be 1 to 64 letters, digits, _ or -");
        }
        String token = clerk.join().token(user, blankToNull(query.get("name")), blankToNull(query.get("email")),
                blankToNull(query.get("image")));
        return GatewayResponse.text(200, token);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
