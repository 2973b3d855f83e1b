package dev.moduo.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * How to call one function so that its invocation succeeds and does its full work: the event of a cold
 * run (seeding first what it needs, e.g. a session to join), and the events of a warm run.
 *
 * @param fixture the sample event in {@code events/} the requests are made from
 * @param expectedStatus the success status; a run answering anything else fails the benchmark
 *                       ({@link #NO_STATUS} for a function that answers no HTTP response, e.g. a scheduled one)
 * @param warm null when a warm run means nothing (a scheduled function)
 */
record Scenario(String fixture, int expectedStatus, Cold cold, Warm warm) {

    /** The function answers no HTTP response: success is returning JSON rather than failing. */
    static final int NO_STATUS = -1;

    /** The event of cold run number {@code run}, after seeding what it needs. */
    interface Cold {
        ObjectNode prepare(BenchEnvironment env, ObjectNode fixture, int run);
    }

    /** The events of a warm run, one batch at a time; everything here happens outside the timed region. */
    interface Warm {
        /** Called once before the warm JVM starts. */
        default void setUp(BenchEnvironment env) {
        }

        Batch next(BenchEnvironment env, ObjectNode fixture, int count);
    }

    /** Distinct events, or one event sent {@code repeat} times. */
    record Batch(List<String> events, int repeat) {

        static Batch repeat(ObjectNode event, int times) {
            return new Batch(List.of(Events.base64(event)), times);
        }

        static Batch of(List<String> base64Events) {
            return new Batch(base64Events, 1);
        }

        int size() {
            return events.size() * repeat;
        }
    }
}
