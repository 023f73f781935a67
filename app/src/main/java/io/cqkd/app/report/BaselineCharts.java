package io.cqkd.app.report;

import io.cqkd.app.scale.ImplementationRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG charts of the baseline report (XChart, rendered headless). */
final class BaselineCharts {
    private BaselineCharts() {}

    static void write(List<BaselineReport.SizeResult> results, Path imgDir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        save(chart("Time until every worker is ready", "ready time, median (ms)", results,
                row -> row.bootstrapMillisMedian()), imgDir.resolve("baseline_bootstrap_time"));
        save(chart("Lookups that reached their target right after bootstrap", "lookup success (%)", results,
                row -> 100.0 * row.lookupSuccess()), imgDir.resolve("baseline_lookup_success"));
        save(chart("Heap per node", "heap per node (KiB)", results, row -> row.heapBytesPerNode() / 1024.0),
                imgDir.resolve("baseline_heap_per_node"));
    }

    private static XYChart chart(String title, String yTitle, List<BaselineReport.SizeResult> results,
                                 ToDoubleFunction<ImplementationRow> value) {
        XYChart chart = new XYChartBuilder().width(800).height(450).title(title)
                .xAxisTitle("workers").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        double[] x = results.stream().mapToDouble(BaselineReport.SizeResult::workers).toArray();
        chart.addSeries("CQKD-DHT", x, results.stream().mapToDouble(r -> value.applyAsDouble(r.ours())).toArray())
                .setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("bittorrent-dht", x, results.stream().mapToDouble(r -> value.applyAsDouble(r.peer())).toArray())
                .setMarker(SeriesMarkers.SQUARE);
        return chart;
    }

    private static void save(XYChart chart, Path withoutExtension) throws IOException {
        BitmapEncoder.saveBitmap(chart, withoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
