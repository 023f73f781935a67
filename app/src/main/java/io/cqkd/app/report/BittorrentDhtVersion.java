package io.cqkd.app.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** The installed version of npm bittorrent-dht, as its package.json says. */
final class BittorrentDhtVersion {
    private BittorrentDhtVersion() {}

    static String read() {
        Path manifest = Path.of(System.getProperty("cqkd.home", "."), "interop/js/node_modules/bittorrent-dht/package.json");
        try {
            return new ObjectMapper().readTree(manifest.toFile()).path("version").asText("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
