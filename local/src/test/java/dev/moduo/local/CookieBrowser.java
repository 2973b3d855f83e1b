package dev.moduo.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A client that authenticates as the production web client does: a cookie jar of its own and nothing
 * else. It never sends an Authorization header; what it sends as credentials is whatever cookies the
 * runner set on its origin. Same-origin requests, as a page served from that origin makes them.
 */
final class CookieBrowser {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String origin;
    private final CookieManager jar = new CookieManager();
    private final HttpClient client;

    CookieBrowser(String origin) {
        this.origin = origin;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).cookieHandler(jar).build();
    }

    Http.Reply get(String path) {
        return send(request(path).GET().build());
    }

    /** A page's fetch: JSON body (or none), and an Origin header, as a browser adds to a POST. */
    Http.Reply post(String path, String json) {
        HttpRequest.Builder builder = request(path).header("origin", origin)
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("content-type", "application/json");
        }
        return send(builder.build());
    }

    Optional<HttpCookie> cookie(String name) {
        return jar.getCookieStore().get(URI.create(origin)).stream()
                .filter(cookie -> cookie.getName().equals(name)).findFirst();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(origin + path)).timeout(TIMEOUT);
    }

    private Http.Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Http.Reply(response.statusCode(), response, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
