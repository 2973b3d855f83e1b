package dev.moduo.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A command of AWS's own Python tooling (cfn-lint, the SAM translator), run the way a developer runs it.
 * Every machine of this project and CI has Python 3.11 with cfn-lint and aws-sam-translator; a machine
 * without them fails the checks that need them, with how to get them, instead of skipping them.
 */
final class ExternalTool {

    static final String INSTALL_HINT = "Install AWS's template tools for the python3 on PATH:"
            + " `python3 -m pip install cfn-lint aws-sam-translator` (CI machines and the project's images have"
            + " cfn-lint 1.51.0 with aws-sam-translator 1.110.0).";

    private final List<String> command;

    private ExternalTool(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** cfn-lint as installed ({@code cfn-lint}), else as the module of the python3 on PATH. */
    static ExternalTool cfnLint() {
        return firstThatRuns(List.of(List.of("cfn-lint"), List.of("python3", "-m", "cfnlint")), "--version")
                .orElseThrow(() -> new AssertionError("cfn-lint is not installed (neither `cfn-lint` nor"
                        + " `python3 -m cfnlint` runs). " + INSTALL_HINT));
    }

    /** The python3 on PATH, if it can import the SAM translator. */
    static ExternalTool pythonWithSamTranslator() {
        return firstThatRuns(List.of(List.of("python3")), "-c", "import samtranslator, cfnlint")
                .orElseThrow(() -> new AssertionError("python3 cannot import samtranslator and cfnlint. " + INSTALL_HINT));
    }

    /**
     * node, which runs the CloudFront Function's JavaScript (v20 is on every machine of the project, at
     * /usr/bin/node); empty when neither {@code node} on PATH nor /usr/bin/node runs.
     */
    static Optional<ExternalTool> node() {
        return firstThatRuns(List.of(List.of("node"), List.of("/usr/bin/node")), "--version");
    }

    private static Optional<ExternalTool> firstThatRuns(List<List<String>> candidates, String... probe) {
        for (List<String> candidate : candidates) {
            ExternalTool tool = new ExternalTool(candidate);
            try {
                if (tool.run(Duration.ofSeconds(30), null, probe).exitCode() == 0) {
                    return Optional.of(tool);
                }
            } catch (UncheckedIOException notFound) {
                // not on PATH: try the next way to start it
            }
        }
        return Optional.empty();
    }

    Result run(Duration timeout, String stdin, String... arguments) {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(full).directory(RepositoryRoot.path().toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + full, e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try (var input = process.getOutputStream()) {
            if (stdin != null) {
                input.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            process.destroyForcibly();
            throw new UncheckedIOException("Cannot write to " + full, e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", full) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while running " + full, e);
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(ExternalTool.class.getResource("/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("No test resource " + name, e);
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
    }
}
