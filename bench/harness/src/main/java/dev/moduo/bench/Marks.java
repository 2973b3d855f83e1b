package dev.moduo.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The runner's report lines: a word, then {@code key=value} pairs separated by spaces. */
final class Marks {

    private Marks() {
    }

    static Map<String, String> values(String mark, String expectedWord) {
        String[] parts = mark.split(" ");
        if (!parts[0].equals(expectedWord)) {
            throw new IllegalStateException("Expected a '" + expectedWord + "' report, got: "
                    + (mark.length() > 300 ? mark.substring(0, 300) + "..." : mark));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            if (equals > 0) {
                values.put(parts[i].substring(0, equals), parts[i].substring(equals + 1));
            }
        }
        return values;
    }
}
