package dev.moduo.logging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A failure in short form, each throwable as {@code SimpleName: message} (the form of {@code InvocationLog}'s
 * {@code error}), without stack traces: a log line stays one readable line, and a trace's frames tell an operator
 * less than the chain of what failed does.
 *
 * @param error      the failure itself
 * @param causes     its causes, outermost first
 * @param suppressed what the failure and each of its causes suppressed, each with its own causes after
 *                   {@code " <- caused by "}
 */
record FailureSummary(String error, List<String> causes, List<String> suppressed) {

    /** Enough for any real chain; a longer one (or a cycle) is cut rather than making a line of any length. */
    static final int MOST = 8;

    static FailureSummary of(Throwable failure) {
        List<Throwable> chain = chain(failure);
        List<String> causes = new ArrayList<>();
        for (Throwable cause : chain.subList(1, chain.size())) {
            causes.add(describe(cause));
        }
        List<String> suppressed = new ArrayList<>();
        for (Throwable link : chain) {
            for (Throwable hidden : link.getSuppressed()) {
                if (suppressed.size() == MOST) {
                    break;
                }
                suppressed.add(String.join(" <- caused by ", chain(hidden).stream().map(FailureSummary::describe).toList()));
            }
        }
        return new FailureSummary(describe(failure), List.copyOf(causes), List.copyOf(suppressed));
    }

    /** The throwable and its causes, each once, at most {@link #MOST} + 1. */
    private static List<Throwable> chain(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable link = failure; link != null && chain.size() <= MOST && seen.add(link); link = link.getCause()) {
            chain.add(link);
        }
        return chain;
    }

    private static String describe(Throwable failure) {
        String type = failure.getClass().getSimpleName();
        if (type.isEmpty()) {
            type = failure.getClass().getName();
        }
        String message = failure.getMessage();
        return message == null ? type : type + ": " + UriCredentials.redact(message);
    }
}
