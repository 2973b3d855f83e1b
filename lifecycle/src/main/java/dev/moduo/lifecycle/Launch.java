package dev.moduo.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to start and how: the function, the shape, the credentials the shape gets, and what happens between the
 * snapshot and the restore ({@code beforeRestore}: e.g. rotate the credentials, let MongoDB be reached again).
 *
 * @param initTimeout     longest wait for INIT (and, SnapStart, for the restore phase)
 * @param extraJvmOptions added after the runtime's own options; diagnostics only (numbers are then not Lambda's)
 */
public record Launch(FunctionSpec function, Shape shape, Credentials credentials, String region,
                     List<Runnable> beforeRestore, Path workDirectory, Duration initTimeout,
                     List<String> extraJvmOptions) {

    public static final Duration DEFAULT_INIT_TIMEOUT = Duration.ofSeconds(90);

    public Launch {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(region, "region");
        if (credentials.shape() != shape) {
            throw new IllegalArgumentException(shape + " gets " + (shape == Shape.SNAP_START
                    ? "container credentials only: Lambda never gives a SnapStart function access-key variables"
                    : "access-key variables") + ", not " + credentials);
        }
        beforeRestore = List.copyOf(beforeRestore);
        extraJvmOptions = List.copyOf(extraJvmOptions);
    }

    public static Launch of(FunctionSpec function, Shape shape, Credentials credentials, String region) {
        return new Launch(function, shape, credentials, region, List.of(),
                Path.of(System.getProperty("java.io.tmpdir"), "moduo-lambda-tasks"), DEFAULT_INIT_TIMEOUT, List.of());
    }

    /** Also runs {@code step} after the checkpoint, before {@code restore/next} is answered (SnapStart only). */
    public Launch beforeRestore(Runnable step) {
        List<Runnable> steps = new ArrayList<>(beforeRestore);
        steps.add(step);
        return new Launch(function, shape, credentials, region, steps, workDirectory, initTimeout, extraJvmOptions);
    }

    public Launch workDirectory(Path directory) {
        return new Launch(function, shape, credentials, region, beforeRestore, directory, initTimeout, extraJvmOptions);
    }

    public Launch initTimeout(Duration timeout) {
        return new Launch(function, shape, credentials, region, beforeRestore, workDirectory, timeout, extraJvmOptions);
    }

    public Launch extraJvmOptions(List<String> options) {
        return new Launch(function, shape, credentials, region, beforeRestore, workDirectory, initTimeout, options);
    }
}
