package dev.moduo.lifecycle;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lambda's Runtime API (version 2018-06-01) for one execution environment, on 127.0.0.1: the endpoints the
 * runtime interface client calls, with the statuses and error bodies of AWS's own emulator
 * (aws-lambda-runtime-interface-emulator, {@code internal/lambda/rapi}): 200 for {@code next} and
 * {@code restore/next}, 202 {@code {"status":"OK"}} for responses and errors, 400 {@code InvalidRequestID} for an
 * id that is not the invocation in flight, 403 {@code InvalidStateTransition} for a call out of order (e.g. an
 * init error after init, {@code next} before {@code restore/next} under SnapStart), 413 for a response over
 * 6 MiB + 100 bytes, 404 for the restore endpoints when the environment is not SnapStart.
 *
 * <p>The test side queues events with {@link #invoke}, answers {@code restore/next} with {@link #answerRestore},
 * and waits for what the runtime did; every wait is bounded. Every call is recorded ({@link #calls()}).
 */
public final class RuntimeApi implements AutoCloseable {

    static final String BASE = "/2018-06-01/runtime/";
    /** interop.MaxPayloadSize of the emulator. */
    static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;
    static final String ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type";
    private static final String ACCOUNT = "123456789012";

    static {
        // The JDK's server leaves Nagle's algorithm on: a `next` written as headers then body would wait ~40 ms for
        // the client's delayed ACK, which Lambda's Runtime API does not. Read once, by the first server of the JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Shape shape;
    private final String functionArn;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<RuntimeCall> calls = new ArrayList<>();
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final CountDownLatch restoreAnswer = new CountDownLatch(1);
    private final CompletableFuture<Long> restoreRequested = new CompletableFuture<>();
    private final CompletableFuture<Long> firstNext = new CompletableFuture<>();
    private final CompletableFuture<ErrorReport> initError = new CompletableFuture<>();
    private final CompletableFuture<ErrorReport> restoreError = new CompletableFuture<>();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();

    // Guarded by this.
    private boolean restoreAnswered;
    private Invocation inFlight;
    private long restoreAnsweredNanos;

    private RuntimeApi(Shape shape, String functionName, String region) throws IOException {
        this.shape = shape;
        this.functionArn = "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + functionName;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "runtime-api-" + functionName);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static RuntimeApi start(Shape shape, String functionName, String region) {
        try {
            return new RuntimeApi(shape, functionName, region);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start a Runtime API", e);
        }
    }

    /** {@code AWS_LAMBDA_RUNTIME_API}: host and port. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every call so far, in the order they arrived. */
    public synchronized List<RuntimeCall> calls() {
        List<RuntimeCall> copy = new ArrayList<>(calls);
        copy.sort(Comparator.comparingLong(RuntimeCall::arrivedNanos));
        return copy;
    }

    // ---- what the runtime did, for the harness ----

    /** When the runtime asked for {@code restore/next} (its checkpoint hooks have run), within {@code timeout}. */
    CompletableFuture<Long> restoreRequested() {
        return restoreRequested;
    }

    /** When the runtime first asked for an invocation: INIT (and restore) is over. */
    CompletableFuture<Long> firstNext() {
        return firstNext;
    }

    CompletableFuture<ErrorReport> initError() {
        return initError;
    }

    CompletableFuture<ErrorReport> restoreError() {
        return restoreError;
    }

    CompletableFuture<Integer> exited() {
        return exited;
    }

    synchronized long restoreAnsweredNanos() {
        return restoreAnsweredNanos;
    }

    /** Told by the process watcher: what is in flight ends with {@link Outcome.Exited}. */
    void processExited(int exitCode) {
        exited.complete(exitCode);
        Invocation current;
        synchronized (this) {
            current = inFlight;
        }
        if (current != null) {
            current.outcome.complete(new Outcome.Exited(exitCode));
        }
        for (Invocation waiting : queued) {
            waiting.outcome.complete(new Outcome.Exited(exitCode));
        }
    }

    /** Lets the held {@code restore/next} answer 200: Lambda has restored the snapshot. */
    void answerRestore() {
        synchronized (this) {
            if (!restoreRequested.isDone()) {
                throw new IllegalStateException("The runtime has not asked for restore/next");
            }
            restoreAnswered = true;
            restoreAnsweredNanos = System.nanoTime();
        }
        restoreAnswer.countDown();
    }

    /**
     * Hands {@code event} to the runtime's next {@code next} and waits for its answer, at most the function's
     * {@code timeout} plus {@code margin}.
     */
    Outcome invoke(byte[] event, Duration timeout, Duration margin) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event,
                System.currentTimeMillis() + timeout.toMillis());
        if (exited.isDone()) {
            return new Outcome.Exited(exited.join());
        }
        long started = System.nanoTime();
        queued.add(invocation);
        long waitMillis = timeout.plus(margin).toMillis();
        try {
            Outcome outcome = invocation.outcome.get(waitMillis, TimeUnit.MILLISECONDS);
            if (outcome instanceof Outcome.Response response) {
                return new Outcome.Response(response.body(), invocation.answeredNanos - started);
            }
            return outcome;
        } catch (TimeoutException e) {
            queued.remove(invocation);
            return new Outcome.TimedOut(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the function", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The first of the futures to complete, or empty after {@code timeout}. */
    static Optional<Object> first(Duration timeout, CompletableFuture<?>... futures) {
        try {
            return Optional.of(CompletableFuture.anyOf(futures).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the runtime", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        restoreAnswer.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- the endpoints ----

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String errorType = exchange.getRequestHeaders().getFirst(ERROR_TYPE_HEADER);
        int status;
        try (exchange) {
            status = route(exchange, method, path, errorType);
        } catch (IOException | RuntimeException e) {
            // The runtime hung up (or the environment is being torn down): nothing to answer.
            status = -1;
        }
        synchronized (this) {
            calls.add(new RuntimeCall(arrived, method, path, status, errorType));
        }
    }

    private int route(HttpExchange exchange, String method, String path, String errorType) throws IOException {
        if (!path.startsWith(BASE)) {
            return notFound(exchange);
        }
        String rest = path.substring(BASE.length());
        switch (rest) {
            case "invocation/next":
                return method.equals("GET") ? next(exchange) : methodNotAllowed(exchange);
            case "init/error":
                return method.equals("POST") ? initError(exchange, errorType) : methodNotAllowed(exchange);
            case "restore/next":
                if (shape != Shape.SNAP_START) {
                    return notFound(exchange);
                }
                return method.equals("GET") ? restoreNext(exchange) : methodNotAllowed(exchange);
            case "restore/error":
                if (shape != Shape.SNAP_START) {
                    return notFound(exchange);
                }
                return method.equals("POST") ? restoreError(exchange, errorType) : methodNotAllowed(exchange);
            default:
                break;
        }
        if (rest.startsWith("invocation/")) {
            String[] parts = rest.split("/");
            if (parts.length == 3 && (parts[2].equals("response") || parts[2].equals("error"))) {
                if (!method.equals("POST")) {
                    return methodNotAllowed(exchange);
                }
                return parts[2].equals("response") ? response(exchange, parts[1]) : invocationError(exchange, parts[1], errorType);
            }
        }
        return notFound(exchange);
    }

    private int next(HttpExchange exchange) throws IOException {
        synchronized (this) {
            if (shape == Shape.SNAP_START && !restoreAnswered) {
                return forbidden(exchange, "State transition from Initializing to Ready failed: restore/next was not answered");
            }
            if (inFlight != null) {
                return forbidden(exchange, "State transition from Running to Ready failed: invocation " + inFlight.id
                        + " has no response yet");
            }
        }
        firstNext.complete(System.nanoTime());
        Invocation invocation;
        try {
            invocation = queued.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        synchronized (this) {
            inFlight = invocation;
        }
        exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", invocation.id);
        exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMillis));
        exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id", traceId());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, invocation.event.length == 0 ? -1 : invocation.event.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event);
        }
        return 200;
    }

    private int response(HttpExchange exchange, String requestId) throws IOException {
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_RESPONSE_BYTES + 1);
        Invocation invocation = takeInFlight(requestId);
        if (invocation == null) {
            return invalidRequestId(exchange);
        }
        invocation.answeredNanos = System.nanoTime();
        if (body.length > MAX_RESPONSE_BYTES) {
            invocation.outcome.complete(new Outcome.Failed("Function.ResponseSizeTooLarge",
                    "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes)."));
            return json(exchange, 413, "{\"errorMessage\":\"Exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES
                    + " bytes).\",\"errorType\":\"RequestEntityTooLarge\"}");
        }
        invocation.outcome.complete(new Outcome.Response(new String(body, StandardCharsets.UTF_8), 0));
        return accepted(exchange);
    }

    private int invocationError(HttpExchange exchange, String requestId, String errorType) throws IOException {
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_RESPONSE_BYTES);
        Invocation invocation = takeInFlight(requestId);
        if (invocation == null) {
            return invalidRequestId(exchange);
        }
        invocation.answeredNanos = System.nanoTime();
        invocation.outcome.complete(new Outcome.Failed(errorType, new String(body, StandardCharsets.UTF_8)));
        return accepted(exchange);
    }

    private synchronized Invocation takeInFlight(String requestId) {
        if (inFlight == null || !inFlight.id.equals(requestId)) {
            return null;
        }
        Invocation invocation = inFlight;
        inFlight = null;
        return invocation;
    }

    private int initError(HttpExchange exchange, String errorType) throws IOException {
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_RESPONSE_BYTES);
        ErrorReport report = new ErrorReport(errorType, new String(body, StandardCharsets.UTF_8));
        synchronized (this) {
            if (firstNext.isDone()) {
                return forbidden(exchange, "State transition from Ready to InitError failed");
            }
            // The emulator reads an init error during the restore phase as a restore error.
            if (restoreAnswered) {
                restoreError.complete(report);
                return accepted(exchange);
            }
        }
        initError.complete(report);
        return accepted(exchange);
    }

    private int restoreNext(HttpExchange exchange) throws IOException {
        synchronized (this) {
            if (restoreRequested.isDone() || firstNext.isDone()) {
                return forbidden(exchange, "State transition to RestoreRunning failed: restore/next was already asked for");
            }
            restoreRequested.complete(System.nanoTime());
        }
        try {
            restoreAnswer.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        synchronized (this) {
            if (!restoreAnswered) {
                return -1;
            }
        }
        exchange.sendResponseHeaders(200, -1);
        return 200;
    }

    private int restoreError(HttpExchange exchange, String errorType) throws IOException {
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_RESPONSE_BYTES);
        synchronized (this) {
            if (!restoreAnswered || firstNext.isDone()) {
                return forbidden(exchange, "State transition to RestoreError failed: no restore is running");
            }
        }
        restoreError.complete(new ErrorReport(errorType, new String(body, StandardCharsets.UTF_8)));
        return accepted(exchange);
    }

    // ---- answers ----

    private static int accepted(HttpExchange exchange) throws IOException {
        return json(exchange, 202, "{\"status\":\"OK\"}");
    }

    private static int forbidden(HttpExchange exchange, String message) throws IOException {
        return json(exchange, 403, "{\"errorMessage\":\"" + message.replace("\"", "'")
                + "\",\"errorType\":\"InvalidStateTransition\"}");
    }

    private static int invalidRequestId(HttpExchange exchange) throws IOException {
        return json(exchange, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
    }

    private static int notFound(HttpExchange exchange) throws IOException {
        return text(exchange, 404, "404 page not found\n");
    }

    private static int methodNotAllowed(HttpExchange exchange) throws IOException {
        return text(exchange, 405, "");
    }

    private static int json(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        return write(exchange, status, body);
    }

    private static int text(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        return write(exchange, status, body);
    }

    private static int write(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        return status;
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(limit);
            in.transferTo(OutputStream.nullOutputStream());
            return bytes;
        }
    }

    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] id = new byte[12];
        random.nextBytes(id);
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + HexFormat.of().formatHex(id)
                + ";Parent=" + HexFormat.of().formatHex(new byte[] {(byte) random.nextInt(), (byte) random.nextInt(),
                (byte) random.nextInt(), (byte) random.nextInt(), (byte) random.nextInt(), (byte) random.nextInt(),
                (byte) random.nextInt(), (byte) random.nextInt()}) + ";Sampled=0";
    }

    private static final class Invocation {
        final String id;
        final byte[] event;
        final long deadlineEpochMillis;
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        volatile long answeredNanos;

        Invocation(String id, byte[] event, long deadlineEpochMillis) {
            this.id = id;
            this.event = event;
            this.deadlineEpochMillis = deadlineEpochMillis;
        }
    }
}
