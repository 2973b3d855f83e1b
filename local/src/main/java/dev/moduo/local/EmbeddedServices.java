package dev.moduo.local;

import dev.moduo.config.Settings;
import dev.moduo.local.embedded.DevClerkIssuer;
import dev.moduo.local.embedded.EmbeddedMongo;
import dev.moduo.local.embedded.EmbeddedStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The embedded stand-ins for the settings that are missing. Which ones is known at once; each is
 * started later, MongoDB and Stream side by side, the Clerk issuer at once (its key is made on first
 * use).
 */
public record EmbeddedServices(Optional<CompletableFuture<EmbeddedMongo>> mongo,
                        Optional<CompletableFuture<EmbeddedStream>> stream,
                        Optional<CompletableFuture<DevClerkIssuer>> clerk) {

    public static EmbeddedServices plan(Settings settings) {
        boolean needMongo = settings.get("MONGODB_URI").isEmpty();
        boolean needStream = settings.get("STREAM_API_KEY").isEmpty() && settings.get("STREAM_API_SECRET").isEmpty()
                && settings.get("STREAM_SECRET_ID").isEmpty();
        boolean needClerk = settings.get("CLERK_JWKS_URL").isEmpty() && settings.get("CLERK_JWT_KEY").isEmpty();
        return new EmbeddedServices(
                needMongo ? Optional.of(new CompletableFuture<>()) : Optional.empty(),
                needStream ? Optional.of(new CompletableFuture<>()) : Optional.empty(),
                needClerk ? Optional.of(new CompletableFuture<>()) : Optional.empty());
    }

    /** @param newStream the emulator to start: the runner's has a secret made for the run, invoke's a known one */
    public void start(Path dataDirectory, Supplier<EmbeddedStream> newStream, ExecutorService executor) {
        mongo.ifPresent(future -> executor.execute(() -> complete(future, () -> dataDirectory == null
                ? EmbeddedMongo.inMemory() : EmbeddedMongo.inDirectory(dataDirectory))));
        stream.ifPresent(future -> executor.execute(() -> complete(future, newStream)));
        clerk.ifPresent(future -> complete(future, DevClerkIssuer::new));
    }

    /** Fails whatever has not started, so nothing waits for it any more. */
    public void abandon(RuntimeException cause) {
        mongo.ifPresent(future -> future.completeExceptionally(cause));
        stream.ifPresent(future -> future.completeExceptionally(cause));
        clerk.ifPresent(future -> future.completeExceptionally(cause));
    }

    private static <T extends AutoCloseable> void complete(CompletableFuture<T> future, Supplier<T> start) {
        try {
            T service = start.get();
            if (!future.complete(service)) {
                // The runner gave up on it while it was starting.
                LocalRunner.closeAll(List.of(service));
            }
        } catch (RuntimeException | Error e) {
            future.completeExceptionally(e);
        }
    }

    /** Waits for every one; each that started is added to {@code started}, and the first failure is thrown. */
    public void awaitAll(List<AutoCloseable> started) {
        RuntimeException failure = null;
        for (Optional<? extends CompletableFuture<? extends AutoCloseable>> future : List.of(mongo, stream, clerk)) {
            if (future.isEmpty()) {
                continue;
            }
            try {
                started.add(future.get().join());
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException runtime ? runtime : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
