package io.cqkd.phases.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqkd.settings.InvalidSettingException;
import io.cqkd.settings.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan's interval formula, its clamp, and the settings it is read from. */
class RefreshParametersTest {
    private final RefreshParameters p = RefreshParameters.defaults();

    @Test
    void theIntervalShrinksWithTheNetworkAsThePlanSays() {
        assertThat(p.intervalFor(150, 1, 1)).isEqualTo(Duration.ofSeconds(300));
        assertThat(p.intervalFor(200, 1, 1)).as("200 is not above 200").isEqualTo(Duration.ofSeconds(300));
        assertThat(p.intervalFor(201, 1, 1)).isEqualTo(Duration.ofSeconds(180));
        assertThat(p.intervalFor(501, 1, 1)).isEqualTo(Duration.ofSeconds(120));
        assertThat(p.intervalFor(100_000, 1, 1)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void anUnstableNodeHalvesItAndTheOptimiserScalesIt() {
        assertThat(p.intervalFor(1000, 0.49, 1)).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.intervalFor(1000, 0.5, 1)).as("at the threshold: stable").isEqualTo(Duration.ofSeconds(120));
        assertThat(p.intervalFor(1000, 1, 0.8)).isEqualTo(Duration.ofSeconds(96));
    }

    @Test
    void nothingLeavesTheClamp() {
        assertThat(p.intervalFor(1000, 0, 0.25)).as("120 × 0.5 × 0.25 = 15 s").isEqualTo(Duration.ofSeconds(30));
        assertThat(p.intervalFor(10, 1, 4)).as("300 × 4 = 1,200 s").isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void theSettingsAreReadAndContradictionsRefusedInOneLine() {
        RefreshParameters read = RefreshParameters.of(Settings.load(Map.of("REFRESH_INTERVAL_LARGE", "90",
                "DATA_DIR", "/var/lib/cqkd"), Map.of()));
        assertThat(read.intervalFor(1000, 1, 1)).isEqualTo(Duration.ofSeconds(90));
        assertThat(read.dataDir()).hasValueSatisfying(d -> assertThat(d.toString()).isEqualTo("/var/lib/cqkd"));
        assertThat(RefreshParameters.of(Settings.load(Map.of(), Map.of())).dataDir()).isEmpty();

        assertThatThrownBy(() -> RefreshParameters.of(Settings.load(Map.of("REFRESH_INTERVAL_MIN", "700"), Map.of())))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("REFRESH_INTERVAL_MAX")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> RefreshParameters.of(Settings.load(Map.of("REFRESH_LARGE_NETWORK", "100"), Map.of())))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("REFRESH_MEDIUM_NETWORK");
    }
}
