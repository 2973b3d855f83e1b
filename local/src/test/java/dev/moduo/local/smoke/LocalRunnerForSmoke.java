package dev.moduo.local.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moduo.local.LocalRunner;
import dev.moduo.local.RunnerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real local runner serving the repository's template.yaml, with whatever settings a test gives it
 * (none: embedded MongoDB, Stream emulator and the development Clerk issuer), and a plain HTTP client for it.
 */
final class LocalRunnerForSmoke implements AutoCloseable {

    /** Blank values hide whatever this machine's environment sets, so the embedded defaults start. */
    static final Map<String, String> EMBEDDED = Map.of("MONGODB_URI", "", "STREAM_API_KEY", "", "STREAM_API_SECRET", "",
            "STREAM_SECRET_ID", "", "CLERK_JWKS_URL", "", "CLERK_JWT_KEY", "", "CLERK_AUTHORIZED_PARTIES", "",
            "CORS_ALLOWED_ORIGINS", "");

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final List<String> log = new CopyOnWriteArrayList<>();
    final LocalRunner runner;

    LocalRunnerForSmoke(Map<String, String> settings) {
        runner = LocalRunner.start(RunnerOptions.defaults().withPort(0).withTemplate(Path.of("../template.yaml"))
                .withSchedules(false), settings, log::add);
    }

    String baseUrl() {
        return runner.baseUrl();
    }

    /** A token from the runner's development issuer. */
    String devToken(String userId, String name) {
        HttpResponse<String> reply = get("/_local/token?user=" + userId + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), null);
        assertEquals(200, reply.statusCode(), reply::body);
        return reply.body();
    }

    HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Distinct users per test: lists of recent sessions are per user. */
    static String user(String role) {
        return "user_smoke_" + role + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        runner.close();
    }
}
