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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One function of the template, run in this JVM as a warm Lambda environment: its handler is built on
 * the first invocation and reused. A failed start is reported to that invocation and tried again on
 * the next one (as Lambda re-runs a failed init); an invocation that outlives the template's Timeout
 * is reported as timed out at once (its thread interrupted).
 */
public final class FunctionHost implements AutoCloseable {

    /**
     * Lambda's limit on a function's initialisation phase. One that runs over is retried within the first
     * invocation and its timeout, so a start may take this plus the function's Timeout in all.
     */
    static final Duration INIT_LIMIT = Duration.ofSeconds(10);

    /** Tells invocations that outlive their Timeout: one thread for every function, idle but for that. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

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
        return invoke(event, timedOut -> { });
    }

    /**
     * Runs one invocation on the calling thread: an execution environment serves one request at a time, so
     * the thread that received the request runs the function and nothing is handed between threads (each hand-off
     * is a wake-up the request waits for, which a busy machine makes slow). At the template's Timeout the thread
     * is interrupted and {@code atTimeout} is told at once, so the caller can answer then, as Lambda does, however
     * long the function takes to notice; the outcome it gets afterwards is that same TimedOut.
     */
    public Outcome invoke(byte[] event, Consumer<Outcome.TimedOut> atTimeout) {
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
        Watch watch = new Watch(Thread.currentThread(), new Outcome.TimedOut(requestId, spec.timeout(), spec.timeout()));
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            if (watch.expire()) {
                log.accept(spec.logicalId() + " " + requestId + " " + watch.timedOut.errorMessage());
                atTimeout.accept(watch.timedOut);
                watch.interrupt();
            }
        }, spec.timeout().toNanos(), TimeUnit.NANOSECONDS);
        byte[] json = null;
        Throwable failure = null;
        try {
            json = current.invoke(event, context);
        } catch (Throwable e) {
            failure = e;
        } finally {
            watchdog.cancel(false);
        }
        if (watch.finish()) {
            return new Outcome.TimedOut(requestId, spec.timeout(), since(started));
        }
        if (failure != null) {
            log.accept(spec.logicalId() + " " + requestId + " threw " + failure.getClass().getSimpleName()
                    + ": " + failure.getMessage());
            failure.printStackTrace();
            return new Outcome.Failed(requestId, failure.getClass().getSimpleName(), String.valueOf(failure.getMessage()),
                    false, since(started));
        }
        return new Outcome.Returned(requestId, json, since(started));
    }

    /** Whether an invocation finished before its Timeout; a late one's thread is interrupted once, never after it finished. */
    private static final class Watch {
        private final Thread thread;
        private final Outcome.TimedOut timedOut;
        private boolean finished;
        private boolean late;

        Watch(Thread thread, Outcome.TimedOut timedOut) {
            this.thread = thread;
            this.timedOut = timedOut;
        }

        /** The Timeout has come: true if the invocation is still running (it is late from now on). */
        synchronized boolean expire() {
            if (finished) {
                return false;
            }
            late = true;
            return true;
        }

        /** Interrupts the invoking thread if the invocation is still running. */
        synchronized void interrupt() {
            if (!finished) {
                thread.interrupt();
            }
        }

        /** Called by the invoking thread when the function returned: true if it was late (its interrupt is cleared). */
        synchronized boolean finish() {
            finished = true;
            if (late) {
                // The thread goes back to serving requests: a pending interrupt would close its next socket.
                Thread.interrupted();
            }
            return late;
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

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "function-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        // A cancelled check leaves the queue at once: one is scheduled per invocation.
        executor.setRemoveOnCancelPolicy(true);
        return executor;
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
