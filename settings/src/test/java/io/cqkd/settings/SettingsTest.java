package io.cqkd.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsAreThePlansFallbacks() {
        Settings s = Settings.defaults();
        assertThat(s.effectivePort()).isEqualTo(7000);
        assertThat(s.effectiveAlpha()).isEqualTo(3);
        assertThat(s.effectiveK()).isEqualTo(20);
        assertThat(s.effectiveRpcTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.effectiveRefreshInterval()).isEqualTo(Duration.ofSeconds(300));
        assertThat(s.effectiveBootstrapNodes()).hasSize(2);
        assertThat(s.get(SettingNames.DHT_PORT)).isNull();
        assertThat(s.sourceOf(SettingNames.FALLBACK_K)).isEqualTo(Source.DEFAULT);
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverDefaults() {
        Settings s = Settings.load(Map.of("DHT_PORT", "7100", "FALLBACK_K", "8"), Map.of("DHT_PORT", "7200"));
        assertThat(s.effectivePort()).isEqualTo(7200);
        assertThat(s.sourceOf(SettingNames.DHT_PORT)).isEqualTo(Source.FLAG);
        assertThat(s.effectiveK()).isEqualTo(8);
        assertThat(s.sourceOf(SettingNames.FALLBACK_K)).isEqualTo(Source.ENVIRONMENT);
        assertThat(s.effectiveDhtConfig().k()).isEqualTo(8);
    }

    @Test
    void bootstrapNodesAreParsedWithoutResolvingNames() {
        Settings s = Settings.load(Map.of("BOOTSTRAP_NODES", "sb-primary:6881, 127.0.0.1:7001"), Map.of());
        assertThat(s.effectiveBootstrapNodes()).containsExactly(
                InetSocketAddress.createUnresolved("sb-primary", 6881), InetSocketAddress.createUnresolved("127.0.0.1", 7001));
        assertThat(Settings.load(Map.of("BOOTSTRAP_NODES", ""), Map.of()).effectiveBootstrapNodes())
                .as("an empty list on a bootstrap node starts a new network").isEmpty();
    }

    @Test
    void anEnabledFeatureWithCodeRunsAndItsFallbackRunsWhenItIsOff() {
        Settings on = Settings.load(Map.of("ENABLE_DYNAMIC_PORTS", "true", "WORKER_ID", "5"), Map.of());
        assertThat(on.enabled(Feature.DYNAMIC_PORTS)).isTrue();
        assertThat(on.active(Feature.DYNAMIC_PORTS)).isTrue();
        assertThat(on.effectivePort()).as("the preferred port 7000 + WORKER_ID - 1").isEqualTo(7004);
        Settings off = Settings.load(Map.of("ENABLE_DYNAMIC_PORTS", "false", "WORKER_ID", "5"), Map.of());
        assertThat(off.active(Feature.DYNAMIC_PORTS)).isFalse();
        assertThat(off.effectivePort()).as("the static FALLBACK_STATIC_PORT").isEqualTo(7000);
    }

    @Test
    void aFeatureTurnedOffIsNotActiveAndItsFallbackValuesAreInForce() {
        Settings s = Settings.load(Map.of("ENABLE_ADAPTIVE_REFRESH", "false", "FALLBACK_REFRESH_INTERVAL", "120"),
                Map.of());
        assertThat(s.enabled(Feature.ADAPTIVE_REFRESH)).isFalse();
        assertThat(s.active(Feature.ADAPTIVE_REFRESH)).isFalse();
        assertThat(s.active(Feature.HEALTH_CHECK)).as("phase 4 is").isTrue();
        assertThat(s.effectiveDhtConfig().bucketRefreshInterval()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void phase3sFallbackValuesAreWhatANodeStartsFromWhetherThePhaseRunsOrNot() {
        Settings s = Settings.load(Map.of("FALLBACK_ALPHA", "5", "FALLBACK_K", "12", "FALLBACK_TIMEOUT", "2"), Map.of());
        assertThat(s.active(Feature.ADAPTIVE_KADEMLIA)).isTrue();
        assertThat(s.effectiveDhtConfig().alpha()).isEqualTo(5);
        assertThat(s.effectiveDhtConfig().k()).isEqualTo(12);
        assertThat(s.effectiveDhtConfig().rpcTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.effectiveDhtConfig().lookupStallTimeout()).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void theKademliaTableIsReadRowByRowAndRefusedWhenItIsNot() {
        KademliaTable plan = Settings.defaults().get(SettingNames.KADEMLIA_TABLE);
        assertThat(plan.rowFor(15)).isEqualTo(new KademliaTable.Row(50, 3, 20, Duration.ofSeconds(5)));
        assertThat(plan.rowFor(200).alpha()).isEqualTo(4);
        assertThat(plan.rowFor(201).k()).isEqualTo(35);
        assertThat(plan.rowFor(100_000)).isEqualTo(new KademliaTable.Row(Long.MAX_VALUE, 8, 40, Duration.ofSeconds(20)));
        for (String bad : new String[] {"50:3:20:5", "50:3:20:5,40:4:25:8,max:8:40:20", "50:3:20,max:8:40:20",
            "50:0:20:5,max:8:40:20", "max:3:20:5,max:8:40:20"}) {
            assertThatThrownBy(() -> Settings.load(Map.of("KADEMLIA_TABLE", bad), Map.of()))
                    .as(bad).isInstanceOf(InvalidSettingException.class).hasMessageContaining("upTo:alpha:k:timeoutSeconds");
        }
    }

    @Test
    void aSettingOnlyAMissingPhaseWouldReadIsReportedAsUnread() {
        assertThat(Feature.leavingUnread(SettingNames.HEALTH_CHECK_LEVEL)).as("phase 4 is in this build").isEmpty();
        assertThat(Feature.leavingUnread(SettingNames.KADEMLIA_POLICY)).as("phase 3 is in this build").isEmpty();
        assertThat(Feature.leavingUnread(SettingNames.FALLBACK_ALPHA)).as("a fallback value is read").isEmpty();
        assertThat(Feature.leavingUnread(SettingNames.ENABLE_HEALTH_CHECK)).as("a flag is read").isEmpty();
        assertThat(Feature.leavingUnread(SettingNames.PORT_RANGE)).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "DHT_PORT|abc|expected a UDP port number from 1 to 65535",
        "DHT_PORT|0|expected a UDP port number from 1 to 65535",
        "DHT_PORT|65536|expected a UDP port number from 1 to 65535",
        "WORKER_ID|-3|expected a whole number from 1 to 1000000",
        "BOOTSTRAP_NODES|not-an-address|expected comma-separated host:port addresses",
        "BOOTSTRAP_NODES|127.0.0.1:99999|expected comma-separated host:port addresses",
        "BOOTSTRAP_NODES|127.0.0.1:6881,,x:1|expected comma-separated host:port addresses",
        "BOOTSTRAP_LEVEL|mega|expected one of super, regional",
        "MAX_CONNECTIONS|0|expected a whole number from 1 to 1000000",
        "REGION|eu west|expected 1 to 64 letters, digits",
        "ENABLE_DYNAMIC_PORTS|maybe|expected true or false",
        "FALLBACK_STATIC_PORT|seven|expected a UDP port number",
        "METRICS_PORT|abc|expected a TCP port number from 1 to 65535",
        "ADMIN_PORT|0|expected a TCP port number from 1 to 65535",
        "ALICE_API_PORT|70000|expected a TCP port number from 1 to 65535",
        "NETWORK_KEY|abc|expected a network key as 64 hex digits",
        "QUERIES_PER_SOURCE|-1|expected a whole number from 0 to 1000000",
        "ADMIN_TOKEN|short|expected 16 to 256 printable characters",
        "ENABLE_MULTI_LEVEL_BOOTSTRAP|2|expected true or false",
        "FALLBACK_BOOTSTRAP_NODES|:6881|expected comma-separated host:port addresses",
        "ENABLE_ADAPTIVE_KADEMLIA|yes please|expected true or false",
        "FALLBACK_ALPHA|0|expected a whole number from 1 to 64",
        "FALLBACK_K|0|expected a whole number from 1 to 1000",
        "FALLBACK_TIMEOUT|0|expected a number of seconds from 0.05 to 300",
        "FALLBACK_TIMEOUT|NaN|expected a number of seconds from 0.05 to 300",
        "ENABLE_HEALTH_CHECK|nope|expected true or false",
        "KADEMLIA_POLICY|smart|expected one of adaptive, table",
        "KADEMLIA_MAX_TIMEOUT|0|expected a number of seconds from 0.1 to 300.0",
        "ADAPTIVE_GUARD_MIN_LOOKUP_SUCCESS|1.5|expected a fraction from 0 to 1",
        "HEALTH_CHECK_LEVEL|extreme|expected one of fast, medium, deep",
        "HEALTH_CHECK_TIMEOUT_FAST|0|expected a number of seconds from 0.05 to 300.0",
        "HEALTH_CHECK_CONCURRENCY|0|expected a whole number from 1 to 256",
        "HEALTH_INDIRECT_PROBES|9|expected a whole number from 0 to 8",
        "ENABLE_ADAPTIVE_REFRESH|t|expected true or false",
        "FALLBACK_REFRESH_INTERVAL|-1|expected a number of seconds from 1.0 to 86400.0",
        "METRICS_PORT|http|expected a TCP port number",
        "LOG_FORMAT|xml|expected one of text, json",
    })
    void aBadValueNamesTheVariableTheValueAndWhatIsAllowed(String name, String value, String allowed) {
        assertThatThrownBy(() -> Settings.load(Map.of(name, value), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("invalid setting " + name + "=\"" + value + "\": ")
                .hasMessageContaining(allowed);
        assertThatThrownBy(() -> Settings.load(Map.of(), Map.of(name, value)))
                .as("the same check applies to the flag").isInstanceOf(InvalidSettingException.class);
    }

    @Test
    void everySettingHasAFlagNamedAfterItsVariable() {
        for (Setting<?> s : SettingNames.ALL) {
            assertThat(s.flag()).isEqualTo("--" + s.env().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        assertThat(SettingNames.ALL).extracting(Setting::env).doesNotHaveDuplicates();
        assertThat(List.of(Feature.values())).allSatisfy(f -> assertThat(SettingNames.ALL).contains(f.flag()));
    }
}
