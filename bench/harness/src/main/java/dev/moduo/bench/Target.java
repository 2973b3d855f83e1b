package dev.moduo.bench;

import java.nio.file.Path;

/**
 * One thing to measure: a function of the template (its jar, its handler class) and how to call it.
 *
 * @param name the function's logical id in template.yaml (CreateSessionFunction, ...), as the tables show it; for an
 *             --also build, followed by {@code @} and that jar's file name
 * @param memoryMb its {@code MemorySize} in template.yaml: the runtime sizes the heap from it
 * @param plainSecrets given its secrets as plain variables instead of Secrets Manager ARNs (a build from before
 *                     they were read at run time, or to isolate what reading them costs)
 */
record Target(String name, String resource, Path jar, String handler, int memoryMb, Scenario scenario, boolean plainSecrets) {

    Target(String name, String resource, Path jar, String handler, int memoryMb, Scenario scenario) {
        this(name, resource, jar, handler, memoryMb, scenario, false);
    }

    boolean isBaseline() {
        return scenario == Scenarios.HELLO;
    }
}
