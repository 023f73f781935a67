package io.cqkd.app.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs the bootstrap scenario with npm bittorrent-dht in a Node.js child process
 * ({@code interop/js/scale.mjs}) and reads its figures.
 */
final class BittorrentDhtPeer {
    static final String NAME = "bittorrent-dht";

    private final Path scriptDir;

    BittorrentDhtPeer() {
        Path home = Path.of(System.getProperty("cqkd.home", "."));
        this.scriptDir = home.resolve("interop/js").toAbsolutePath();
        if (!Files.isDirectory(scriptDir.resolve("node_modules/bittorrent-dht"))) {
            throw new IllegalArgumentException("--peer bittorrent-dht needs the npm package: run `npm ci` in "
                    + scriptDir);
        }
    }

    RunFigures run(int workers, int lookups, long seed) {
        try {
            Process process = new ProcessBuilder("node", "--expose-gc", "scale.mjs", "--workers",
                    String.valueOf(workers), "--lookups", String.valueOf(lookups), "--seed", String.valueOf(seed))
                    .directory(scriptDir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("bittorrent-dht run failed with exit code " + process.exitValue());
            }
            JsonNode json = new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
            return new RunFigures(NAME, workers, json.get("bootstrapMillis").asLong(), json.get("lookups").asInt(),
                    json.get("found").asInt(), json.get("meanQueriesPerLookup").asDouble(),
                    json.get("meanRoutingTableSize").asDouble(), json.get("heapBytes").asLong(),
                    json.get("rssBytes").asLong(), 0, 0);
        } catch (IOException e) {
            throw new IllegalStateException("could not run node: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
