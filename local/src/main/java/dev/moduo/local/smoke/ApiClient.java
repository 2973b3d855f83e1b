package dev.moduo.local.smoke;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** The deployed API over real HTTP, as the web client calls it: a Bearer token, JSON bodies, no redirects followed. */
final class ApiClient {

    /** API Gateway gives up after 30 s; the functions answer within 10 s, a cold start included. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final URI base;
    private final HttpClient client;

    ApiClient(URI base) {
        this.base = base;
        // HTTP/1.1 for both API Gateway and the local runner, whose server speaks nothing else. A redirect
        // must be seen, not followed: the contract says an unauthenticated call is a 401, never a 302.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    Answer get(String path, ClerkSessionToken caller) {
        return send(request(path, caller).GET());
    }

    Answer post(String path, ClerkSessionToken caller, String json) {
        HttpRequest.Builder request = request(path, caller);
        if (json == null) {
            return send(request.POST(HttpRequest.BodyPublishers.noBody()));
        }
        return send(request.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path, ClerkSessionToken caller) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("accept", "application/json")
                .header("user-agent", "moduo-smoke");
        if (caller != null) {
            request.header("authorization", caller.authorization());
        }
        return request;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("content-type").orElse(null), response.body());
        } catch (HttpConnectTimeoutException e) {
            throw new StepFailure("no connection to " + base.getHost() + " within " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw new StepFailure("no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new StepFailure("no connection to " + base.getHost() + " (" + (e.getMessage() == null ? "refused" : e.getMessage()) + ")");
        } catch (IOException e) {
            throw new StepFailure("no answer: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("interrupted");
        }
    }
}
