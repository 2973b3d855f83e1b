package dev.moduo.bench;

import dev.moduo.bench.http.ApiLoad;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Another backend driven beside ours (--compare-url): whatever it is, it must use the harness's MongoDB, Stream
 * stand-in and Clerk issuer, whose addresses and keys exist only once the harness runs. So the harness writes them
 * to a file, in the names this repository's functions use (the other backend's own names may differ: its operator
 * maps them), and waits until something listens at the URL.
 */
final class Comparison {

    static final Duration WAIT = Duration.ofMinutes(10);

    private Comparison() {
    }

    /** {@code workers}: the most workers at once, whose users the file names. */
    static void awaitOtherBackend(Path root, BenchEnvironment env, URI url, int workers, Progress progress) {
        Path file = root.resolve("bench/target/compare-settings.env");
        StringBuilder text = new StringBuilder("# Settings of the benchmark's shared stand-ins, for the backend compared at ").append(url).append('\n');
        for (String name : List.of("MONGODB_URI", "STREAM_API_KEY", "STREAM_API_SECRET", "STREAM_BASE_URL", "CLERK_JWKS_URL")) {
            text.append(name).append('=').append(env.setting(name)).append('\n');
        }
        text.append("# The Clerk issuer's public key (networkless verification, CLERK_JWT_KEY), on one line with \\n:\n");
        text.append("CLERK_JWT_KEY=").append(env.clerkPublicKeyPem().replace("\n", "\\n")).append('\n');
        text.append("# Users the load client signs in as (Clerk ids):\n# ");
        text.append(ApiLoad.usersInShort(workers)).append('\n');
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.err.println("[bench] start the backend to compare with the settings in " + root.relativize(file) + "; waiting up to "
                + WAIT.toMinutes() + " min for " + url);
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                progress.line("the backend at " + url + " listens");
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
        throw new IllegalStateException("Nothing listened at " + url + " within " + WAIT.toMinutes() + " min");
    }
}
