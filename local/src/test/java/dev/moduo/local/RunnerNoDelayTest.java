package dev.moduo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The runner turns Nagle's algorithm off in the JDK's HTTP server before it makes one (about 40 ms per request
 * otherwise, from the client's delayed ACK). Measured in bench/results.md; here only that it is asked for.
 */
class RunnerNoDelayTest {

    @Test
    void loadingTheRunnerAsksTheJdkServerForNoDelay() throws ClassNotFoundException {
        Class.forName(LocalRunner.class.getName(), true, LocalRunner.class.getClassLoader());

        assertEquals("true", System.getProperty(LocalRunner.NO_DELAY_PROPERTY));
    }
}
