package dev.moduo.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.core.Json;
import dev.moduo.metrics.Metric;
import dev.moduo.metrics.Metrics;
import dev.moduo.snapstart.Primable;
import dev.moduo.snapstart.Reconnectable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends requests to Stream's server-side REST API: authentication, timeouts, retries, error mapping.
 * One per execution environment, shared by the Stream clients, so its HTTP connections are reused
 * across invocations.
 *
 * <p>Almost every operation the clients send is idempotent (upserts, get-or-create, deletes), which is why
 * a 429, a 5xx or a lost answer is retried, unlike in Stream's SDKs which only retry reads. The exceptions
 * ({@link StreamRequest#notRepeatable()}: starting and stopping a recording) are repeated only after a 429.
 */
@Singleton
public class StreamHttp implements Reconnectable, Primable {

    public static final String BASE_URL_SETTING = "STREAM_BASE_URL";
    public static final String DEFAULT_BASE_URL = "https://chat.stream-io-api.com";
    public static final String CLIENT_ID = "moduo-java-1.0";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(4);
    /** With the backoff this is 1.5 s of waiting at most; the deadline usually ends it sooner. */
    static final int MAX_ATTEMPTS = 5;

    private final StreamCredentialsSource credentials;
    private final String baseUrl;
    private final ServerTokenCache serverTokens;
    private final Clock clock;
    private volatile HttpClient client;

    @Inject
    public StreamHttp(StreamCredentialsSource credentials, Settings settings) {
        this(credentials, settings, Clock.systemUTC());
    }

    StreamHttp(StreamCredentialsSource credentials, Settings settings, Clock clock) {
        this.credentials = credentials;
        this.baseUrl = baseUrl(settings);
        this.clock = clock;
        this.serverTokens = new ServerTokenCache(clock);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Sends the request, retrying while that may help and the deadline allows. Counts it, and, when it fails,
     * counts the failure under its operation: a 404 is Stream's answer that the object is not there (which a
     * delete or an end wants), not a failure of Stream.
     *
     * @return the parsed body of Stream's 2xx answer ({@code MissingNode} when it is empty)
     * @throws StreamException 503 when Stream did not answer usefully in time, 502 when it refused
     */
    public JsonNode send(StreamRequest request, Deadline deadline) {
        Metrics.count(Metric.STREAM_REQUESTS);
        try {
            return exchange(request, deadline);
        } catch (StreamException failure) {
            if (!failure.isNotFound()) {
                Metrics.count(Metric.STREAM_FAILURES, request.operation());
            }
            throw failure;
        }
    }

    private JsonNode exchange(StreamRequest request, Deadline deadline) {
        String operation = request.operation();
        byte[] body = request.body() == null ? null : Json.write(request.body()).getBytes(StandardCharsets.UTF_8);
        boolean reauthenticated = false;
        Attempt last = null;
        for (int attempt = 1; ; attempt++) {
            Duration timeout = deadline.cap(ATTEMPT_TIMEOUT);
            if (timeout.isZero()) {
                throw unavailable(operation, last, "ran out of time");
            }
            StreamCredentials current = credentials.current(deadline);
            last = attempt(request, body, current, timeout);
            if (last.isSuccess()) {
                return last.json(operation);
            }
            if (last.status() == 401 && !reauthenticated) {
                // The secret may have been rotated since the source read it.
                credentials.invalidate();
                reauthenticated = true;
                continue;
            }
            if (!last.mayRetry()) {
                throw StreamException.rejected(operation, last.status(), last.error());
            }
            if (!request.idempotent() && !last.saysNotActedOn()) {
                // Stream may have acted on it: sending it again could do it twice. The caller learns the
                // outcome another way (for recordings, Stream's webhooks).
                throw unavailable(operation, last, "may or may not have been applied; not repeated");
            }
            Duration wait = last.status() == 429
                    ? Backoff.rateLimitWait(last.headers(), clock.instant()).orElse(Backoff.afterFailedAttempt(attempt))
                    : Backoff.afterFailedAttempt(attempt);
            if (attempt >= MAX_ATTEMPTS) {
                throw unavailable(operation, last, "failed " + attempt + " times");
            }
            if (wait.compareTo(deadline.remaining()) >= 0) {
                throw unavailable(operation, last, "cannot be retried before the deadline");
            }
            sleep(wait, operation, last);
        }
    }

    /**
     * Like {@link #send}, for deletes and ends: Stream answering 404 means there is nothing left to
     * do, which is what the caller wanted.
     *
     * @return false when Stream did not know the object
     */
    public boolean sendUnlessMissing(StreamRequest request, Deadline deadline) {
        try {
            send(request, deadline);
            return true;
        } catch (StreamException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Runs everything of a send but the sending, for a SnapStart snapshot: a request is built and signed
     * with throwaway credentials (never Stream's, which are read after restore) and the HTTP client with
     * its TLS set-up is created; {@link #dropConnections()} then lets the restored copy start afresh.
     */
    @Override
    public void prime() {
        StreamCredentials throwaway = new StreamCredentials("snapstart-priming", "snapstart-priming-not-a-secret");
        StreamRequest request = StreamRequest.post("GetOrCreateCall", "/video/call/default/snapstart-priming",
                Json.object().put("priming", true));
        byte[] body = Json.write(request.body()).getBytes(StandardCharsets.UTF_8);
        httpRequest(request, body, throwaway, ATTEMPT_TIMEOUT, new ServerTokenCache(clock));
        client();
    }

    /**
     * Forgets the HTTP client and its pooled connections (the next request makes a new one): a connection
     * captured in a SnapStart snapshot is dead in every environment restored from it.
     */
    public void dropConnections() {
        synchronized (this) {
            client = null;
        }
    }

    @Override
    public void beforeSnapshot() {
        dropConnections();
    }

    private HttpRequest httpRequest(StreamRequest request, byte[] body, StreamCredentials current, Duration timeout,
                                    ServerTokenCache tokens) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return HttpRequest.newBuilder(uri(request, current.apiKey()))
                .timeout(timeout)
                .header("Authorization", tokens.tokenFor(current))
                .header("Stream-Auth-Type", "jwt")
                .header("Content-Type", "application/json")
                .header("X-Stream-Client", CLIENT_ID)
                .method(request.method(), publisher)
                .build();
    }

    private Attempt attempt(StreamRequest request, byte[] body, StreamCredentials current, Duration timeout) {
        HttpRequest httpRequest = httpRequest(request, body, current, timeout, serverTokens);
        CompletableFuture<HttpResponse<byte[]>> future =
                client().sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
        try {
            // The request timeout only covers the wait for headers; this one also covers the body.
            HttpResponse<byte[]> response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return Attempt.answered(response.statusCode(), response.headers(), response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            return Attempt.noAnswer(new java.net.http.HttpTimeoutException("no complete answer within " + timeout.toMillis() + " ms"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                return Attempt.noAnswer(io);
            }
            throw new IllegalStateException("Stream request could not be sent", e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw StreamException.unavailable(request.operation(), 0, StreamApiError.none(), "was interrupted", e);
        }
    }

    private URI uri(StreamRequest request, String apiKey) {
        StringBuilder uri = new StringBuilder(baseUrl).append(request.path())
                .append("?api_key=").append(encode(apiKey));
        for (Map.Entry<String, String> parameter : request.query().entrySet()) {
            uri.append('&').append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
        }
        return URI.create(uri.toString());
    }

    private HttpClient client() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = HttpClient.newBuilder()
                            .connectTimeout(CONNECT_TIMEOUT)
                            .version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                    client = built;
                }
            }
        }
        return built;
    }

    private static void sleep(Duration wait, String operation, Attempt last) {
        try {
            TimeUnit.NANOSECONDS.sleep(wait.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(operation, last, "was interrupted");
        }
    }

    private static StreamException unavailable(String operation, Attempt last, String what) {
        if (last == null) {
            return StreamException.unavailable(operation, 0, StreamApiError.none(), what, null);
        }
        String detail = last.failure() == null ? what : what + " (" + last.failure() + ")";
        return StreamException.unavailable(operation, last.status(), last.error(), detail, last.failure());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String baseUrl(Settings settings) {
        String url = settings.get(BASE_URL_SETTING, DEFAULT_BASE_URL);
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI parsed;
        try {
            parsed = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new Settings.InvalidSettingException(BASE_URL_SETTING, "must be an http(s) URL");
        }
        if (!"https".equals(parsed.getScheme()) && !"http".equals(parsed.getScheme()) || parsed.getHost() == null) {
            throw new Settings.InvalidSettingException(BASE_URL_SETTING, "must be an http(s) URL");
        }
        return url;
    }

    /** What one attempt got: an answer (status, headers, body) or an I/O failure. */
    private record Attempt(int status, HttpHeaders headers, byte[] body, IOException failure) {

        static Attempt answered(int status, HttpHeaders headers, byte[] body) {
            return new Attempt(status, headers, body, null);
        }

        static Attempt noAnswer(IOException failure) {
            return new Attempt(0, HttpHeaders.of(Map.of(), (a, b) -> true), new byte[0], failure);
        }

        boolean isSuccess() {
            return failure == null && status >= 200 && status < 300;
        }

        StreamApiError error() {
            return StreamApiError.parse(body);
        }

        /**
         * Lost answers, 429, 5xx and 408 (Stream's own request timeout, code 23) may succeed later,
         * unless Stream marks the error unrecoverable.
         */
        boolean mayRetry() {
            if (failure != null) {
                return true;
            }
            boolean transientStatus = status == 429 || status == 408 || status >= 500;
            return transientStatus && !error().unrecoverable();
        }

        /** A 429 is refused before anything is done (Stream's rate limiter answers first). */
        boolean saysNotActedOn() {
            return failure == null && status == 429;
        }

        JsonNode json(String operation) {
            if (body.length == 0) {
                return Json.MAPPER.missingNode();
            }
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw StreamException.rejected(operation, status, StreamApiError.none());
            }
        }
    }
}
