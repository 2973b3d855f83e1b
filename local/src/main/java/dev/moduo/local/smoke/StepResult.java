package dev.moduo.local.smoke;

/**
 * How one step went, and its line: outcome, name, HTTP status, time, what was asked, and what was seen.
 *
 * @param status the answer's HTTP status, null when there was none
 * @param detail what was seen when it passed, why when it failed; may be empty
 */
record StepResult(String name, Outcome outcome, Integer status, long millis, String description, String detail) {

    enum Outcome { PASS, FAIL, SKIP }

    static StepResult skipped(String name, String description) {
        return new StepResult(name, Outcome.SKIP, null, 0, description, "not run after the failure");
    }

    boolean passed() {
        return outcome == Outcome.PASS;
    }

    String line() {
        String time = outcome == Outcome.SKIP ? "-" : millis + " ms";
        String separator = detail.isEmpty() ? "" : outcome == Outcome.PASS ? " -> " : ": ";
        return String.format("%-4s  %-15s  %3s  %8s  %s%s%s", outcome, name, status == null ? "-" : status, time,
                description, separator, detail);
    }
}
