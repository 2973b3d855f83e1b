package dev.moduo.metrics;

/**
 * CloudWatch's units (the {@code StandardUnit} list of {@code MetricDatum}), spelled as the embedded metric
 * format's {@code Unit} takes them. An enum so that a metric cannot carry a unit CloudWatch does not know: EMF
 * would then publish it as {@code None} or refuse the document.
 */
public enum Unit {
    SECONDS("Seconds"),
    MICROSECONDS("Microseconds"),
    MILLISECONDS("Milliseconds"),
    BYTES("Bytes"),
    KILOBYTES("Kilobytes"),
    MEGABYTES("Megabytes"),
    GIGABYTES("Gigabytes"),
    TERABYTES("Terabytes"),
    BITS("Bits"),
    KILOBITS("Kilobits"),
    MEGABITS("Megabits"),
    GIGABITS("Gigabits"),
    TERABITS("Terabits"),
    PERCENT("Percent"),
    COUNT("Count"),
    BYTES_PER_SECOND("Bytes/Second"),
    KILOBYTES_PER_SECOND("Kilobytes/Second"),
    MEGABYTES_PER_SECOND("Megabytes/Second"),
    GIGABYTES_PER_SECOND("Gigabytes/Second"),
    TERABYTES_PER_SECOND("Terabytes/Second"),
    BITS_PER_SECOND("Bits/Second"),
    KILOBITS_PER_SECOND("Kilobits/Second"),
    MEGABITS_PER_SECOND("Megabits/Second"),
    GIGABITS_PER_SECOND("Gigabits/Second"),
    TERABITS_PER_SECOND("Terabits/Second"),
    COUNT_PER_SECOND("Count/Second"),
    NONE("None");

    private final String cloudWatchName;

    Unit(String cloudWatchName) {
        this.cloudWatchName = cloudWatchName;
    }

    /** The name as CloudWatch spells it ({@code Count/Second}). */
    public String cloudWatchName() {
        return cloudWatchName;
    }
}
