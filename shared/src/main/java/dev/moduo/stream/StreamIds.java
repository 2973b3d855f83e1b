package dev.moduo.stream;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks ids before they go into a Stream path. Stream's SDKs disagree on escaping path parameters,
 * so ids are kept to a charset that needs none (letters, digits, {@code _}, {@code -}; at most 64).
 */
final class StreamIds {

    static final int MAX_BATCH = 100;
    private static final Pattern PATH_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private StreamIds() {
    }

    static String pathId(String kind, String id) {
        if (id == null || !PATH_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(kind + " id must be 1-64 letters, digits, '_' or '-'");
        }
        return id;
    }

    static String userId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("Stream user id is blank");
        }
        return id;
    }

    /** The ids in their first order, without repeats; Stream would fail a batch that names a user twice. */
    static List<String> distinctUserIds(List<String> ids) {
        if (ids == null) {
            return List.of();
        }
        Set<String> unique = new LinkedHashSet<>();
        ids.forEach(id -> unique.add(userId(id)));
        return List.copyOf(unique);
    }

    /** Stream takes at most {@value #MAX_BATCH} members or users per request. */
    static <T> List<List<T>> batches(List<T> items) {
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += MAX_BATCH) {
            batches.add(items.subList(from, Math.min(items.size(), from + MAX_BATCH)));
        }
        return batches;
    }
}
