package dev.moduo.local.lambda;

import dev.moduo.lambda.testing.TestLambdaContext;

import dev.moduo.local.template.FunctionSpec;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One function of the template, run in this JVM as a warm Lambda environment: its handler is built on
 * the first invocation and reused. A failed start is reported to that invocation and tried again on
 * the next one (as Lambda re-runs a failed init); an invocation that outlives the template's Timeout
 * is abandoned (its thread interrupted) and reported as timed out.
 */
public final class FunctionHost implements AutoCloseable {

    /**
     * Lambda's limit on a function's initialisation phase. One that runs over is retried within the first
     * invocation and its timeout, so a start may take this plus the function's Timeout in all.
     */
    static final Duration INIT_LIMIT = Duration.ofSeconds(10);

    private final FunctionSpec spec;
    private final ClassLoader loader;
    private final ExecutorService workers;
    private final CompletableFuture<?> environmentReady;
    private final Consumer<String> log;
    private final Object startLock = new Object();
    private volatile LoadedHandler handler;
    private volatile boolean closed;

    /**
     * @param environmentReady completes once the settings the functions read are in place (the embedded
     *                         services' addresses); no handler is built before
     */
    public FunctionHost(FunctionSpec spec, ClassLoader loader, ExecutorService workers,
                        CompletableFuture<?> environmentReady, Consumer<String> log) {
        this.spec = spec;
        this.log = log;
        this.loader = loader;
        this.workers = workers;
        this.environmentReady = environmentReady;
    }

    public FunctionSpec spec() {
        return spec;
    }

    public String logicalId() {
        return spec.logicalId();
    }

    /** Why this function cannot start at all (its class is missing), or null. Loads no function code. */
    public String classProblem() {
        return HandlerLoader.problem(spec.handler(), loader);
    }

    public Outcome invoke(byte[] event) {
        String requestId = UUID.randomUUID().toString();
        long started = System.nanoTime();
        LoadedHandler current;
        try {
            current = start();
        } catch (Throwable e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            String message = cause instanceof TimeoutException
                    ? "Initialisation took longer than " + INIT_LIMIT.plus(spec.timeout()).toSeconds() + " s"
                    : String.valueOf(cause.getMessage());
            log.accept(spec.logicalId() + " failed to start: " + cause.getClass().getSimpleName() + ": " + message);
            if (!(cause instanceof TimeoutException)) {
                cause.printStackTrace();
            }
            return new Outcome.Failed(requestId, cause.getClass().getSimpleName(), message, true, since(started));
        }
        TestLambdaContext context = new TestLambdaContext(requestId, spec.logicalId(), spec.memoryMb(),
                spec.timeout().toMillis());
        Future<byte[]> call = workers.submit(() -> current.invoke(event, context));
        try {
            byte[] json = call.get(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome.Returned(requestId, json, since(started));
        } catch (TimeoutException e) {
            call.cancel(true);
            Outcome.TimedOut timedOut = new Outcome.TimedOut(requestId, spec.timeout(), since(started));
            log.accept(spec.logicalId() + " " + requestId + " " + timedOut.errorMessage());
            return timedOut;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            log.accept(spec.logicalId() + " " + requestId + " threw " + cause.getClass().getSimpleName()
                    + ": " + cause.getMessage());
            cause.printStackTrace();
            return new Outcome.Failed(requestId, cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()),
                    false, since(started));
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome.Failed(requestId, "Interrupted", "The runner is stopping", false, since(started));
        }
    }

    private LoadedHandler start() throws Exception {
        LoadedHandler existing = handler;
        if (existing != null) {
            return existing;
        }
        synchronized (startLock) {
            if (handler == null) {
                if (closed) {
                    throw new IllegalStateException("The runner is stopping");
                }
                long limit = INIT_LIMIT.plus(spec.timeout()).toMillis();
                environmentReady.get(limit, TimeUnit.MILLISECONDS);
                Callable<LoadedHandler> init = () -> HandlerLoader.load(spec.handler(), loader);
                Future<LoadedHandler> loading = workers.submit(init);
                long started = System.nanoTime();
                try {
                    handler = loading.get(limit, TimeUnit.MILLISECONDS);
                    // What Lambda reports as Init Duration.
                    log.accept(spec.logicalId() + " started in " + (System.nanoTime() - started) / 1_000_000 + " ms");
                } catch (TimeoutException e) {
                    loading.cancel(true);
                    throw e;
                }
            }
            return handler;
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    @Override
    public void close() {
        synchronized (startLock) {
            closed = true;
            LoadedHandler current = handler;
            handler = null;
            if (current != null) {
                current.close();
            }
        }
    }
}
