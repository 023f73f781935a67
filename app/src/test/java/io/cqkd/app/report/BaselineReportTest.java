package io.cqkd.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.app.scale.ImplementationRow;
import io.cqkd.app.scale.RunFigures;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineReportTest {

    private static ImplementationRow row(String name, long millis, int found, long heapPerNode) {
        return ImplementationRow.of(List.of(new RunFigures(name, 999, millis, 200, found, 20, 30, heapPerNode * 1000, 0, 1.5, 3)));
    }

    @Test
    void theReportStatesTheFiguresAndJudgesTheGoalsFromThem() {
        BaselineReport report = new BaselineReport();
        report.runs = 1;
        report.lookups = 200;
        var fast = new BaselineReport.SizeResult(1000, row("cqkd-dht", 1000, 200, 10_000),
                row("bittorrent-dht", 2600, 57, 20_000), 2.6);
        var slow = new BaselineReport.SizeResult(1500, row("cqkd-dht", 3000, 199, 30_000),
                row("bittorrent-dht", 2700, 29, 20_000), 0.9);
        String md = report.markdown(List.of(fast, slow),
                new MachineDescription("cpu", 2, 24L << 30, "os", "java", "v20"), LocalDate.of(2026, 11, 26));

        assertThat(md).contains("- Date: 2026-11-26").contains("cpu, 2 cores, 24 GiB RAM");
        assertThat(md).contains("| 1000 | 1000 (1000–1000) | 2600 (2600–2600) | 2.60 | 200/200 (100.0 %) | 57/200 (28.5 %)");
        assertThat(md).contains("- 1000 workers: ours is at least 2× faster (ratio 2.60); lookup success is 100 % (200/200)");
        assertThat(md).contains("- 1500 workers: ours is **not** 2× faster (ratio 0.90); lookup success is **not** 100 %");
        assertThat(md).contains("heap per node is **not** at most half of theirs");
        assertThat(md).contains("img/baseline_bootstrap_time.png");
    }
}
