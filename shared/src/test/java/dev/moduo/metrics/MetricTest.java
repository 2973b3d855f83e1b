package dev.moduo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog's rules: what the dashboard and the cost reasoning in the README rely on. */
class MetricTest {

    @Test
    void namesAreUnique() {
        assertEquals(Metric.values().length, Arrays.stream(Metric.values()).map(Metric::metricName).distinct().count());
    }

    @Test
    void everyMetricCarriesTheServiceInEverySetSoThatStacksStayApart() {
        for (Metric metric : Metric.values()) {
            for (List<Dimension> set : metric.dimensionSets()) {
                assertTrue(set.contains(Dimension.SERVICE), metric + " " + set);
            }
        }
    }

    @Test
    void aLabelIsADimensionOfTheMetricAndNoSetHasMoreThanThreeKeys() {
        for (Metric metric : Metric.values()) {
            if (metric.label() != null) {
                assertTrue(metric.dimensionSets().stream().anyMatch(set -> set.contains(metric.label())), metric.toString());
            }
            for (List<Dimension> set : metric.dimensionSets()) {
                assertTrue(set.size() <= 3, metric + " has a set of " + set.size() + " dimensions: each one multiplies the cost");
            }
        }
    }

    @Test
    void onlyLabelledMetricsArePublishedUnderASecondSet() {
        for (Metric metric : Metric.values()) {
            assertTrue(metric.dimensionSets().size() == 1 || metric.label() != null, metric.toString());
        }
    }
}
