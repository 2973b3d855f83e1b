package dev.moduo.bench;

import java.util.Arrays;

/** Order statistics of a sample (nearest-rank percentiles, so every figure is a value that was measured). */
public final class Stats {

    private final double[] sorted;

    public Stats(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    /** The median of {@code values}, as {@link #median()}. */
    public static double median(double[] values) {
        return new Stats(values).median();
    }

    /** The nearest-rank {@code p}th percentile of {@code values}, as {@link #percentile(double)}. */
    public static double percentile(double[] values, double p) {
        return new Stats(values).percentile(p);
    }

    public static Stats ofNanosAsMillis(long[] nanos, int from, int to) {
        double[] millis = new double[to - from];
        for (int i = from; i < to; i++) {
            millis[i - from] = nanos[i] / 1_000_000.0;
        }
        return new Stats(millis);
    }

    /** Nearest rank: a value that was measured. */
    public double percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The middle value; for an even count the mean of the two middle ones. */
    public double median() {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public double min() {
        return sorted[0];
    }

    public double max() {
        return sorted[sorted.length - 1];
    }

    public int count() {
        return sorted.length;
    }
}
