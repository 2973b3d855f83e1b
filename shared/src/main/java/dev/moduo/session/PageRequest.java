package dev.moduo.session;

import dev.moduo.core.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.bson.types.ObjectId;

/**
 * {@code ?limit=1..100&cursor=...}. The cursor is opaque to the client: the id of the last session of
 * the previous page. Session ids grow with creation time, so "older than the cursor" is the next page.
 */
public record PageRequest(int limit, ObjectId before) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    private static final String CURSOR_PREFIX = "s1:";

    public static PageRequest parse(Optional<String> limit, Optional<String> cursor) {
        int size = DEFAULT_LIMIT;
        if (limit.isPresent()) {
            try {
                size = Integer.parseInt(limit.get().trim());
            } catch (NumberFormatException e) {
                throw Refusal.badInput("limit must be a whole number from 1 to " + MAX_LIMIT);
            }
            if (size < 1 || size > MAX_LIMIT) {
                throw Refusal.badInput("limit must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        ObjectId before = null;
        if (cursor.isPresent() && !cursor.get().isBlank()) {
            before = decode(cursor.get().trim());
        }
        return new PageRequest(size, before);
    }

    public static String cursorAfter(ObjectId lastId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + lastId.toHexString()).getBytes(StandardCharsets.US_ASCII));
    }

    private static ObjectId decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (text.startsWith(CURSOR_PREFIX) && ObjectId.isValid(text.substring(CURSOR_PREFIX.length()))) {
                return new ObjectId(text.substring(CURSOR_PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the same answer as any other bad cursor
        }
        throw Refusal.badInput("cursor is invalid: pass the nextCursor of the previous page");
    }
}
