package dev.moduo.bench;

import java.nio.file.Path;

/**
 * One thing to measure: a deployable jar, its handler class, and how to call it.
 *
 * @param name the jar's name without {@code .jar} (create-session, ...), as the tables show it
 */
record Target(String name, String resource, Path jar, String handler, Scenario scenario) {

    boolean isBaseline() {
        return scenario == Scenarios.HELLO;
    }
}
