package io.switchboard.testkit;

/** Reads one value from the Prometheus text exposition format. */
final class PrometheusText {
    private PrometheusText() {
    }

    /** The value of the series written exactly as {@code series} (name and labels), or 0 when absent. */
    static double value(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series) && line.length() > series.length() && line.charAt(series.length()) == ' ') {
                String rest = line.substring(series.length() + 1).trim();
                int space = rest.indexOf(' ');
                return Double.parseDouble(space < 0 ? rest : rest.substring(0, space));
            }
        }
        return 0;
    }
}
