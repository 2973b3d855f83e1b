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
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
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
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * AWS Secrets Manager's GetSecretValue on 127.0.0.1, for tests of everything that reads a secret.
 *
 * <p>It answers like the real API ({@code application/x-amz-json-1.1}, {@code X-Amz-Target:
 * secretsmanager.GetSecretValue}, the real response and error shapes) and refuses what AWS refuses:
 * a missing or malformed SigV4 Authorization header, an access key it does not know
 * ({@code UnrecognizedClientException}) or one that has expired ({@code ExpiredTokenException}), a wrong
 * region or service in the scope, a request dated more than five minutes off, a session token that is not
 * the key's, and a signature that differs from the one AWS's own SigV4 signer (the SDK's
 * {@code AwsV4HttpSigner}) computes from the request as it arrived.
 *
 * <p>It knows the fixed keys of {@link #ACCESS_KEY_ID} (what the access-key variables of an on-demand
 * function hold in tests) and, once {@linkplain #acceptCredentialsFrom told to}, every key a
 * {@link FakeContainerCredentials} issued, until that key expires or is rotated away. A test puts and
 * rotates secrets, counts requests, and makes the next requests fail, be throttled or hang.
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
    private final Map<String, AtomicInteger> lookupsByName = new ConcurrentHashMap<>();
    private final Queue<Injection> injections = new ConcurrentLinkedQueue<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Duration responseDelay = Duration.ZERO;
    private volatile FakeContainerCredentials containerCredentials;

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


    /** AWS_REGION and the SDK's endpoint override pointing here: what a function is configured with, credentials aside. */
    public Map<String, String> settings() {
        return Map.of(
                "AWS_REGION", REGION,
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint().toString());
    }

    /** The access-key variables Lambda gives an on-demand function, holding the fixed keys this fake knows. */
    public static Map<String, String> accessKeyEnvironment() {
        return Map.of(
                "AWS_ACCESS_KEY_ID", ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY,
                "AWS_SESSION_TOKEN", SESSION_TOKEN);
    }

    /** From now on, keys {@code issuer} hands out are known too, each until it expires. */
    public FakeSecretsManager acceptCredentialsFrom(FakeContainerCredentials issuer) {
        this.containerCredentials = issuer;
        return this;
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

    /** Requests that were answered the value of the secret called {@code name}. */
    public int lookupCount(String name) {
        AtomicInteger count = lookupsByName.get(name);
        return count == null ? 0 : count.get();
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
        Refusal refusal = signatureProblem(exchange, body);
        if (refusal != null) {
            refuse(exchange, refusal.type().equals("MissingAuthenticationTokenException") ? 403 : 400,
                    refusal.type(), refusal.why());
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
        lookupsByName.computeIfAbsent(secret.name(), name -> new AtomicInteger()).incrementAndGet();
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
     * Checks the request's SigV4 signature: the key must be one this fake knows and still valid, and the
     * signature must equal the one AWS's own signer computes over the headers the request says it signed,
     * at the time it says it was signed, so a header changed after signing or a wrong key is caught.
     */
    private Refusal signatureProblem(HttpExchange exchange, byte[] body) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return new Refusal("MissingAuthenticationTokenException", "Authorization header is missing");
        }
        Matcher parts = AUTHORIZATION.matcher(authorization);
        if (!parts.matches()) {
            return new Refusal("IncompleteSignatureException", "Authorization header is not a SigV4 header");
        }
        String keyId = parts.group(1);
        String scopeDate = parts.group(2);
        String region = parts.group(3);
        String service = parts.group(4);
        List<String> signedHeaders = Arrays.asList(parts.group(5).split(";"));
        Key key = key(keyId);
        if (key == null) {
            return new Refusal("UnrecognizedClientException", "The security token included in the request is invalid."
                    + " (unknown access key id " + keyId + ")");
        }
        if (key.expired()) {
            return new Refusal("ExpiredTokenException", "The security token included in the request is expired");
        }
        if (!REGION.equals(region) || !"secretsmanager".equals(service)) {
            return new Refusal("InvalidSignatureException", "Credential scope is " + region + "/" + service
                    + ", expected " + REGION + "/secretsmanager");
        }
        String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
        Instant requestTime;
        try {
            requestTime = amzDate == null ? null : Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            requestTime = null;
        }
        if (requestTime == null) {
            return new Refusal("IncompleteSignatureException", "X-Amz-Date is missing or malformed");
        }
        if (!amzDate.startsWith(scopeDate)) {
            return new Refusal("InvalidSignatureException", "Credential scope date " + scopeDate + " differs from X-Amz-Date " + amzDate);
        }
        if (Duration.between(requestTime, clock.instant()).abs().compareTo(ALLOWED_CLOCK_SKEW) > 0) {
            return new Refusal("InvalidSignatureException", "Signature expired: " + amzDate
                    + " is more than 5 minutes from " + AMZ_DATE.format(clock.instant()));
        }
        String token = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
        if (!key.sessionToken().equals(token)) {
            return new Refusal("UnrecognizedClientException", token == null
                    ? "The security token is missing" : "The security token included in the request is invalid.");
        }
        if (!signedHeaders.containsAll(REQUIRED_SIGNED) || !signedHeaders.contains("x-amz-security-token")) {
            return new Refusal("InvalidSignatureException", "SignedHeaders " + signedHeaders + " must include "
                    + REQUIRED_SIGNED + " and x-amz-security-token");
        }
        String expected;
        try {
            expected = expectedSignature(exchange, body, signedHeaders, key, requestTime);
        } catch (IllegalArgumentException e) {
            return new Refusal("InvalidSignatureException", e.getMessage());
        }
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parts.group(6).getBytes(StandardCharsets.US_ASCII))) {
            return new Refusal("InvalidSignatureException",
                    "The request signature we calculated does not match the signature you provided");
        }
        return null;
    }

    /** What AWS's signer makes of the request as it arrived: only the headers it claims to have signed. */
    private static String expectedSignature(HttpExchange exchange, byte[] body, List<String> signedHeaders, Key key,
                                            Instant signedAt) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(exchange.getRequestMethod()))
                .uri(URI.create("http://" + host + exchange.getRequestURI().getRawPath()));
        for (String name : signedHeaders) {
            // The signer adds these itself from the time, the identity and the URI it is given.
            if (name.equals("host") || name.equals("x-amz-date") || name.equals("x-amz-security-token")) {
                continue;
            }
            List<String> values = exchange.getRequestHeaders().get(name);
            if (values == null) {
                throw new IllegalArgumentException("Signed header " + name + " was not sent");
            }
            request.putHeader(name, values);
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(signing -> signing
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .identity(AwsSessionCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey(), key.sessionToken()))
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "secretsmanager")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        String authorization = signed.request().firstMatchingHeader("Authorization").orElse("");
        Matcher parts = AUTHORIZATION.matcher(authorization);
        if (!parts.matches()) {
            throw new IllegalArgumentException("AWS's signer produced no SigV4 header");
        }
        if (!parts.group(5).equals(String.join(";", signedHeaders))) {
            throw new IllegalArgumentException("SignedHeaders " + signedHeaders + " are not what AWS's signer signs for "
                    + "these headers (" + parts.group(5) + ")");
        }
        return parts.group(6);
    }

    private Key key(String accessKeyId) {
        if (ACCESS_KEY_ID.equals(accessKeyId)) {
            return new Key(ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN, false);
        }
        FakeContainerCredentials issuer = containerCredentials;
        if (issuer == null) {
            return null;
        }
        return issuer.issued(accessKeyId)
                .map(issued -> new Key(issued.accessKeyId(), issued.secretAccessKey(), issued.sessionToken(),
                        issued.expiredAt(issuer.clock().instant())))
                .orElse(null);
    }

    private record Key(String accessKeyId, String secretAccessKey, String sessionToken, boolean expired) {
        @Override
        public String toString() {
            return "Key[" + accessKeyId + "]";
        }
    }

    private record Refusal(String type, String why) {
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
