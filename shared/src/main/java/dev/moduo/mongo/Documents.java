package dev.moduo.mongo;

import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/** Small conversions between BSON documents and the domain's types. */
public final class Documents {

    private Documents() {
    }

    public static Instant instant(Document document, String field) {
        Object value = document.get(field);
        if (value instanceof Date date) {
            return date.toInstant();
        }
        return null;
    }

    public static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    public static boolean flag(Document document, String field) {
        return Boolean.TRUE.equals(document.get(field));
    }
}
