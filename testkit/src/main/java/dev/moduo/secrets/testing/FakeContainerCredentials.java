package dev.moduo.secrets.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.moduo.testkit.TestJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The container credentials endpoint Lambda gives SnapStart functions instead of access-key variables, on
 * 127.0.0.1: {@code GET $AWS_CONTAINER_CREDENTIALS_FULL_URI} with the header
 * {@code Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN} answers temporary keys
 * ({@code AccessKeyId}, {@code SecretAccessKey}, {@code Token}, {@code Expiration}); a missing or wrong
 * token gets 401, as the endpoint refuses it.
 *
 * <p>{@link #rotate()} issues new keys and expires the ones issued before, as happens to keys read before a
 * snapshot by the time an environment is restored from it: a {@link FakeSecretsManager} that
 * {@linkplain FakeSecretsManager#acceptCredentialsFrom accepts these credentials} then refuses the old keys
 * with {@code ExpiredTokenException}.
 */
public final class FakeContainerCredentials implements AutoCloseable {

    /** The path Lambda's endpoint serves, under its loopback address. */
    public static final String PATH = "/2021-04-23/credentials";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final String authorizationToken = randomHex(32);
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Issued current;
    private volatile Duration lifetime = Duration.ofHours(1);

    private FakeContainerCredentials(Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-container-credentials");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        rotate();
    }

    public static FakeContainerCredentials start() {
        return start(Clock.systemUTC());
    }

    public static FakeContainerCredentials start(Clock clock) {
        try {
            return new FakeContainerCredentials(clock);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the fake container credentials endpoint", e);
        }
    }

    public String fullUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    public String authorizationToken() {
        return authorizationToken;
    }

    /** The two variables Lambda sets for a SnapStart function, pointing here. */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", fullUri());
        environment.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", authorizationToken);
        return environment;
    }

    /** How long keys issued from now on are valid; the answer's Expiration says so. */
    public void lifetime(Duration lifetime) {
        this.lifetime = lifetime;
        rotate();
    }

    /** Issues new keys; every key issued before expires now. */
    public synchronized void rotate() {
        Instant now = clock.instant();
        issued.replaceAll((id, keys) -> keys.expiringAt(now));
        Issued fresh = new Issued("ASIA" + randomHex(8).toUpperCase(), randomHex(20), randomHex(40),
                now.plus(lifetime).truncatedTo(ChronoUnit.SECONDS));
        issued.put(fresh.accessKeyId(), fresh);
        current = fresh;
    }

    /** Answers to the credentials path that carried the right token. */
    public int requestCount() {
        return requests.get();
    }

    /** The keys issued under {@code accessKeyId}, expired or not; empty if this endpoint never issued it. */
    Optional<Issued> issued(String accessKeyId) {
        return Optional.ofNullable(issued.get(accessKeyId));
    }

    Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (!"GET".equals(exchange.getRequestMethod()) || !PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "{\"message\":\"Not found\"}");
                return;
            }
            if (!authorizationToken.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "{\"message\":\"Authorization token is missing or invalid\"}");
                return;
            }
            requests.incrementAndGet();
            Issued keys = current;
            ObjectNode body = TestJson.object();
            body.put("AccessKeyId", keys.accessKeyId());
            body.put("SecretAccessKey", keys.secretAccessKey());
            body.put("Token", keys.sessionToken());
            body.put("Expiration", keys.expiration().toString());
            send(exchange, 200, body.toString());
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** One issue of keys; a key expires at {@code expiration} or when rotated away, whichever comes first. */
    record Issued(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

        Issued expiringAt(Instant when) {
            return when.isBefore(expiration) ? new Issued(accessKeyId, secretAccessKey, sessionToken, when) : this;
        }

        boolean expiredAt(Instant now) {
            return !now.isBefore(expiration);
        }

        @Override
        public String toString() {
            return "Issued[" + accessKeyId + ", expires " + expiration + "]";
        }
    }
}
