package io.cqkd.app.role;

import io.cqkd.app.admin.AdminServer;
import io.cqkd.app.metrics.MetricsServer;
import io.cqkd.app.metrics.ProcessMetrics;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A role process's two HTTP endpoints: {@code /metrics}, {@code /health} and {@code /ready} on
 * {@code METRICS_PORT}, and the admin endpoint ({@code /flags}) on {@code ADMIN_BIND:ADMIN_PORT}. A
 * port that cannot be bound stops start-up with one line naming the setting and the reason.
 */
final class ProcessEndpoints implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessEndpoints.class);

    private final MetricsServer metrics;
    private final AdminServer admin;

    private ProcessEndpoints(MetricsServer metrics, AdminServer admin) {
        this.metrics = metrics;
        this.admin = admin;
    }

    static ProcessEndpoints open(Settings settings, ProcessMetrics metrics, BooleanSupplier ready,
                                 Supplier<Map<String, Object>> health) {
        int metricsPort = settings.get(SettingNames.METRICS_PORT);
        MetricsServer metricsServer;
        try {
            metricsServer = new MetricsServer(new InetSocketAddress(metricsPort), metrics.registry(), ready, health);
        } catch (IOException e) {
            throw cannotBind("METRICS_PORT", metricsPort, "/metrics", e);
        }
        int adminPort = settings.get(SettingNames.ADMIN_PORT);
        try {
            AdminServer admin = new AdminServer(new InetSocketAddress(settings.get(SettingNames.ADMIN_BIND), adminPort),
                    metrics.flags());
            return new ProcessEndpoints(metricsServer, admin);
        } catch (IOException e) {
            metricsServer.close();
            throw cannotBind("ADMIN_PORT", adminPort, "the admin endpoint", e);
        }
    }

    private static IllegalStateException cannotBind(String setting, int port, String what, IOException e) {
        String why = String.valueOf(e.getMessage()).contains("in use") ? "port in use" : e.toString();
        return new IllegalStateException("cannot bind " + setting + " " + port + " for " + what + ": " + why, e);
    }

    void logServing(Settings settings) {
        log.info("event=metrics-serving port={} paths=/metrics,/health,/ready", metrics.port());
        log.info("event=admin-serving address={}:{} paths=/flags", settings.get(SettingNames.ADMIN_BIND), admin.port());
    }

    @Override
    public void close() {
        metrics.close();
        admin.close();
    }
}
