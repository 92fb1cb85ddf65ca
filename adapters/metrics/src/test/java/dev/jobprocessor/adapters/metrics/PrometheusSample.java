package dev.jobprocessor.adapters.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One sample line of the Prometheus text format 0.0.4, parsed strictly: a malformed line fails the test. */
record PrometheusSample(String name, Map<String, String> labels, double value) {

    private static final Pattern LINE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? ([-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|NaN|Inf))$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    static PrometheusSample parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new AssertionError("not a Prometheus sample line: " + line);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.group(2) != null) {
            Matcher l = LABEL.matcher(m.group(2));
            int end = 0;
            while (l.find() && l.start() == end) {
                labels.put(l.group(1), l.group(2));
                end = l.end();
            }
            if (end != m.group(2).length()) {
                throw new AssertionError("malformed labels in: " + line);
            }
        }
        String number = m.group(3);
        double value = number.endsWith("Inf")
                ? (number.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                : Double.parseDouble(number);
        return new PrometheusSample(m.group(1), labels, value);
    }
}
