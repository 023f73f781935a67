package io.cqkd.app.role;

import io.cqkd.app.admin.AdminServer;
import io.cqkd.app.admin.AdminToken;
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
    private final AdminToken token;

    private ProcessEndpoints(MetricsServer metrics, AdminServer admin, AdminToken token) {
        this.metrics = metrics;
        this.admin = admin;
        this.token = token;
    }

    static ProcessEndpoints open(Settings settings, ProcessMetrics metrics, BooleanSupplier ready,
                                 Supplier<Map<String, Object>> health) {
        int metricsPort = settings.get(SettingNames.METRICS_PORT);
        int adminPort = settings.get(SettingNames.ADMIN_PORT);
        AdminToken token = AdminToken.resolve(settings, adminPort); // before binding: a refused bind opens nothing
        MetricsServer metricsServer;
        try {
            metricsServer = new MetricsServer(new InetSocketAddress(settings.get(SettingNames.METRICS_BIND), metricsPort),
                    metrics.registry(), ready, health);
        } catch (IOException e) {
            throw cannotBind("METRICS_PORT", metricsPort, "/metrics", e);
        }
        try {
            AdminServer admin = new AdminServer(new InetSocketAddress(settings.get(SettingNames.ADMIN_BIND), adminPort),
                    metrics.flags(), token);
            return new ProcessEndpoints(metricsServer, admin, token);
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
        log.info("event=metrics-serving address={}:{} paths=/metrics,/health,/ready", settings.get(SettingNames.METRICS_BIND),
                metrics.port());
        log.info("event=admin-serving address={}:{} paths=/flags token={}", settings.get(SettingNames.ADMIN_BIND),
                admin.port(), token.source());
    }

    @Override
    public void close() {
        metrics.close();
        admin.close();
    }
}
