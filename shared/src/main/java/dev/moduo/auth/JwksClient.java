package dev.moduo.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Fetches a JWKS over HTTP. Timeouts are short: a request waiting on Clerk is a user waiting. */
final class JwksClient implements JwksSigningKeys.Source {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    private final URI url;
    private HttpClient http;

    JwksClient(URI url) {
        this.url = url;
    }

    @Override
    public Map<String, RSAPublicKey> fetch() throws JwksFetchException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> pending =
                client().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            // The request timeout stops at the response headers; this bound also covers a body that trickles.
            response = pending.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new JwksFetchException("JWKS request timed out", e);
        } catch (ExecutionException e) {
            throw new JwksFetchException("JWKS request failed", e.getCause());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new JwksFetchException("JWKS request was interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new JwksFetchException("JWKS request answered HTTP " + response.statusCode());
        }
        return JwksParser.parse(response.body());
    }

    // Created on first fetch: an HttpClient starts a selector thread, which a cold start should not pay
    // for before a token needs a key.
    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return http;
    }
}
