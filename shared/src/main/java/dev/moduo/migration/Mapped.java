package dev.moduo.migration;

/**
 * One source document read into this backend's shape, or why it cannot be: {@code problem} is a short
 * reason, the same for every document with the same defect, so the report can count by it. It never
 * holds a field's value (a title, an address).
 */
public record Mapped<T>(T value, String problem) {

    static <T> Mapped<T> of(T value) {
        return new Mapped<>(value, null);
    }

    static <T> Mapped<T> refused(String problem) {
        return new Mapped<>(null, problem);
    }

    public boolean isRefused() {
        return problem != null;
    }
}
