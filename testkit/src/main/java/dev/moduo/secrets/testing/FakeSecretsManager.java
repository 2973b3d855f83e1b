package dev.moduo.secrets.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.moduo.testkit.TestJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Secrets Manager's GetSecretValue on 127.0.0.1, for tests of everything that reads a secret.
 *
 * <p>It answers like the real API ({@code application/x-amz-json-1.1}, {@code X-Amz-Target:
 * secretsmanager.GetSecretValue}, the real response and error shapes) and refuses what AWS refuses:
 * a missing or malformed SigV4 Authorization header, another access key id, a wrong region or service
 * in the scope, a request dated more than five minutes off, a missing or unsigned session token, and a
 * signature that does not match the one it recomputes from the request as it arrived with
 * {@link #SECRET_ACCESS_KEY}. A test puts and rotates secrets, counts requests, and makes the next
 * requests fail, be throttled or hang.
 */
public final class FakeSecretsManager implements AutoCloseable {

    public static final String REGION = "eu-central-1";
    public static final String ACCESS_KEY_ID = "ASIAFAKESECRETSMGR01";
    public static final String SECRET_ACCESS_KEY = "fakeSecretAccessKey/ForTests+Only0123456789";
    public static final String SESSION_TOKEN = "FakeSessionToken//ForTestsOnly+wEXAMPLEtoken==";
    public static final String ACCOUNT_ID = "123456789012";

    private static final Duration ALLOWED_CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Duration LONGEST_HANG = Duration.ofSeconds(60);
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/,]+)/(\\d{8})/([^/,]+)/([^/,]+)/aws4_request,\\s*"
                    + "SignedHeaders=([a-z0-9;-]+),\\s*Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final List<String> REQUIRED_SIGNED = List.of("content-type", "host", "x-amz-date", "x-amz-target");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final Map<String, Secret> secretsByName = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger lookups = new AtomicInteger();
    private final Queue<Injection> injections = new ConcurrentLinkedQueue<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Duration responseDelay = Duration.ZERO;

    private FakeSecretsManager(Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-secrets-manager");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeSecretsManager start() {
        return start(Clock.systemUTC());
    }

    /** With the clock that decides whether a request's X-Amz-Date is too far off. */
    public static FakeSecretsManager start(Clock clock) {
        try {
            return new FakeSecretsManager(clock);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the fake Secrets Manager", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }


    /** AWS_REGION, the three AWS_* key variables and SECRETS_MANAGER_ENDPOINT pointing here. */
    public Map<String, String> settings() {
        return Map.of(
                "AWS_REGION", REGION,
                "AWS_ACCESS_KEY_ID", ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY,
                "AWS_SESSION_TOKEN", SESSION_TOKEN,
                "SECRETS_MANAGER_ENDPOINT", endpoint().toString());
    }

    /** Creates the secret, or rotates it: the new value becomes the AWSCURRENT version. Returns its VersionId. */
    public String putSecret(String name, String secretString) {
        String versionId = UUID.randomUUID().toString();
        secretsByName.compute(name, (key, existing) -> new Secret(
                existing != null ? existing.arn() : arnFor(name), name, versionId, secretString, null, clock.instant()));
        return versionId;
    }

    /** A secret stored as bytes: the answer carries SecretBinary (base64) and no SecretString. */
    public String putBinarySecret(String name, byte[] secretBinary) {
        String versionId = UUID.randomUUID().toString();
        byte[] copy = secretBinary.clone();
        secretsByName.compute(name, (key, existing) -> new Secret(
                existing != null ? existing.arn() : arnFor(name), name, versionId, null, copy, clock.instant()));
        return versionId;
    }

    /** A secret in the shape Moduo stores Stream's credentials in. */
    public String putStreamSecret(String name, String apiKey, String apiSecret) {
        ObjectNode value = TestJson.object();
        value.put("apiKey", apiKey);
        value.put("apiSecret", apiSecret);
        return putSecret(name, value.toString());
    }

    public void deleteSecret(String name) {
        secretsByName.remove(name);
    }

    /** The ARN the secret answers with (also accepted as SecretId), or null if there is no such secret. */
    public String arnOf(String name) {
        Secret secret = secretsByName.get(name);
        return secret == null ? null : secret.arn();
    }

    /** Every request that arrived, answered or refused. */
    /** Requests that got as far as reading a secret: the value they answer is fixed from then on. */
    public int lookupCount() {
        return lookups.get();
    }

    public int requestCount() {
        return requests.get();
    }

    /** Why requests were refused, oldest first: the first thing to read when a test gets a 4xx. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** The next {@code times} requests get this HTTP status and AWS error type, whatever they ask. */
    public void failNext(int times, int status, String errorType) {
        for (int i = 0; i < times; i++) {
            injections.add(new Failure(status, errorType));
        }
    }

    /** The next {@code times} requests get 400 ThrottlingException, as Secrets Manager throttles. */
    public void throttleNext(int times) {
        failNext(times, 400, "ThrottlingException");
    }

    /** The next {@code times} requests are never answered (until {@link #close()}). */
    public void hangNext(int times) {
        for (int i = 0; i < times; i++) {
            injections.add(new Hang());
        }
    }

    /**
     * Every successful answer is held this long after the secret was looked up, so concurrent callers
     * overlap and a rotation can land while an old value is on its way.
     */
    public void delayResponses(Duration delay) {
        this.responseDelay = delay;
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            byte[] body = readAll(exchange.getRequestBody());
            Injection injection = injections.poll();
            if (injection instanceof Hang) {
                awaitClose();
                return;
            }
            if (injection instanceof Failure failure) {
                error(exchange, failure.status(), failure.errorType(), "Injected by the test");
                return;
            }
            answer(exchange, body);
        }
    }

    private void answer(HttpExchange exchange, byte[] body) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getRawPath())
                || exchange.getRequestURI().getRawQuery() != null) {
            refuse(exchange, 404, "UnknownOperationException", "Only POST / is served");
            return;
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"secretsmanager.GetSecretValue".equals(target)) {
            refuse(exchange, 400, "UnknownOperationException", "X-Amz-Target is " + target);
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!"application/x-amz-json-1.1".equals(contentType)) {
            refuse(exchange, 400, "SerializationException", "Content-Type is " + contentType);
            return;
        }
        String signatureProblem = signatureProblem(exchange, body);
        if (signatureProblem != null) {
            String type = signatureProblem.startsWith("Unknown access key") || signatureProblem.contains("security token")
                    ? "UnrecognizedClientException" : "InvalidSignatureException";
            refuse(exchange, 400, type, signatureProblem);
            return;
        }
        JsonNode request;
        try {
            request = TestJson.read(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            request = null;
        }
        JsonNode secretId = request == null ? null : request.get("SecretId");
        if (secretId == null || !secretId.isTextual() || secretId.asText().isEmpty()) {
            refuse(exchange, 400, "InvalidParameterException", "SecretId is missing");
            return;
        }
        Secret secret = find(secretId.asText());
        lookups.incrementAndGet();
        if (secret == null) {
            error(exchange, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            return;
        }
        ObjectNode response = TestJson.object();
        response.put("ARN", secret.arn());
        response.put("Name", secret.name());
        response.put("VersionId", secret.versionId());
        if (secret.secretString() != null) {
            response.put("SecretString", secret.secretString());
        } else {
            response.put("SecretBinary", Base64.getEncoder().encodeToString(secret.secretBinary()));
        }
        response.putArray("VersionStages").add("AWSCURRENT");
        response.put("CreatedDate", secret.createdDate().toEpochMilli() / 1000.0);
        pause(responseDelay);
        send(exchange, 200, response.toString());
    }

    private Secret find(String secretId) {
        Secret byName = secretsByName.get(secretId);
        if (byName != null) {
            return byName;
        }
        return secretsByName.values().stream().filter(secret -> secret.arn().equals(secretId)).findFirst().orElse(null);
    }

    /**
     * Recomputes the signature from the request as it arrived, independently of the client's signer,
     * so a header the client changed after signing or a canonicalisation bug on its side is caught.
     */
    private String signatureProblem(HttpExchange exchange, byte[] body) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return "Authorization header is missing";
        }
        Matcher parts = AUTHORIZATION.matcher(authorization);
        if (!parts.matches()) {
            return "Authorization header is not a SigV4 header";
        }
        String keyId = parts.group(1);
        String scopeDate = parts.group(2);
        String region = parts.group(3);
        String service = parts.group(4);
        List<String> signedHeaders = Arrays.asList(parts.group(5).split(";"));
        if (!ACCESS_KEY_ID.equals(keyId)) {
            return "Unknown access key id " + keyId;
        }
        if (!REGION.equals(region) || !"secretsmanager".equals(service)) {
            return "Credential scope is " + region + "/" + service + ", expected " + REGION + "/secretsmanager";
        }
        String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        Instant requestTime;
        try {
            requestTime = amzDate == null ? null : Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            requestTime = null;
        }
        if (requestTime == null) {
            return "X-Amz-Date is missing or malformed";
        }
        if (!amzDate.startsWith(scopeDate)) {
            return "Credential scope date " + scopeDate + " differs from X-Amz-Date " + amzDate;
        }
        if (Duration.between(requestTime, clock.instant()).abs().compareTo(ALLOWED_CLOCK_SKEW) > 0) {
            return "Signature expired: " + amzDate + " is more than 5 minutes from " + AMZ_DATE.format(clock.instant());
        }
        String token = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
        if (!SESSION_TOKEN.equals(token)) {
            return token == null ? "The security token is missing" : "The security token included in the request is invalid";
        }
        List<String> required = new ArrayList<>(REQUIRED_SIGNED);
        required.add("x-amz-security-token");
        if (!signedHeaders.containsAll(required)) {
            return "SignedHeaders " + signedHeaders + " must include " + required;
        }
        if (!signedHeaders.equals(signedHeaders.stream().sorted().collect(Collectors.toList()))) {
            return "SignedHeaders are not sorted";
        }
        StringBuilder canonical = new StringBuilder("POST\n/\n\n");
        for (String name : signedHeaders) {
            List<String> values = exchange.getRequestHeaders().get(name);
            if (values == null) {
                return "Signed header " + name + " was not sent";
            }
            canonical.append(name).append(':').append(values.stream()
                    .map(value -> value.trim().replaceAll(" +", " ")).collect(Collectors.joining(","))).append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n').append(sha256Hex(body));
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scopeDate + "/" + region + "/" + service
                + "/aws4_request\n" + sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + SECRET_ACCESS_KEY).getBytes(StandardCharsets.UTF_8), scopeDate);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String expected = HexFormat.of().formatHex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parts.group(6).getBytes(StandardCharsets.US_ASCII))) {
            return "The request signature we calculated does not match the signature you provided";
        }
        return null;
    }

    private void refuse(HttpExchange exchange, int status, String type, String why) throws IOException {
        refusals.add(type + ": " + why);
        error(exchange, status, type, why);
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode error = TestJson.object();
        error.put("__type", type);
        error.put("message", message);
        send(exchange, status, error.toString());
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void awaitClose() {
        try {
            closed.await(LONGEST_HANG.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static String arnFor(String name) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        return "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT_ID + ":secret:" + name + "-" + suffix;
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Secret(String arn, String name, String versionId, String secretString, byte[] secretBinary,
                          Instant createdDate) {
        @Override
        public String toString() {
            return "Secret[" + name + ", version " + versionId + "]";
        }
    }

    private sealed interface Injection permits Failure, Hang {
    }

    private record Failure(int status, String errorType) implements Injection {
    }

    private record Hang() implements Injection {
    }
}
