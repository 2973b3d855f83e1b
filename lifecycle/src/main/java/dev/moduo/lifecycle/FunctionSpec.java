package dev.moduo.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One function as the template deploys it.
 *
 * @param name      its name ({@code AWS_LAMBDA_FUNCTION_NAME}); the template's logical id will do
 * @param code      what {@code CodeUri} names: a deployable jar (unzipped into the task root, as Lambda does) or a
 *                  directory laid out like a task root (classes at the top, {@code lib/*.jar})
 * @param handler   the {@code Handler} property, handed to the runtime as its argument
 * @param memoryMb  {@code MemorySize}: the runtime sizes the heap from it
 * @param timeout   {@code Timeout}: each invocation's deadline
 * @param variables the function's environment variables, values already resolved for this machine
 */
public record FunctionSpec(String name, Path code, String handler, int memoryMb, Duration timeout,
                           Map<String, String> variables) {

    public FunctionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(timeout, "timeout");
        variables = Map.copyOf(variables);
        if (memoryMb < 128) {
            throw new IllegalArgumentException("MemorySize " + memoryMb + " is below Lambda's 128 MB");
        }
    }

    /** Values left out: they may be secrets. */
    @Override
    public String toString() {
        return "FunctionSpec[" + name + ", " + code + ", " + handler + ", " + memoryMb + " MB, " + timeout
                + ", variables " + new java.util.TreeSet<>(variables.keySet()) + "]";
    }
}
