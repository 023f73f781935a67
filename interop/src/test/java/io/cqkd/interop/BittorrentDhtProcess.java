package io.cqkd.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js child process running npm bittorrent-dht nodes on 127.0.0.1 ({@code js/peer.mjs}),
 * driven by one JSON command per line. One command at a time: each waits for its answer.
 */
final class BittorrentDhtProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();

    BittorrentDhtProcess() throws IOException {
        Path script = Path.of("js", "peer.mjs").toAbsolutePath();
        if (!Files.isDirectory(script.getParent().resolve("node_modules/bittorrent-dht"))) {
            throw new IllegalStateException("bittorrent-dht is not installed: run `npm ci` in " + script.getParent());
        }
        process = new ProcessBuilder("node", script.toString()).directory(script.getParent().toFile()).start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), true);
        pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), false);
    }

    private void pump(BufferedReader reader, boolean isStdout) {
        Thread t = new Thread(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (isStdout) {
                        answers.add(line);
                    } else {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "bittorrent-dht-" + (isStdout ? "out" : "err"));
        t.setDaemon(true);
        t.start();
    }

    ObjectNode command(String name) {
        return JSON.createObjectNode().put("cmd", name);
    }

    /** Sends a command and waits for its answer; a failed command throws with the peer's error. */
    JsonNode call(ObjectNode command, Duration timeout) {
        try {
            stdin.write(JSON.writeValueAsString(command) + "\n");
            stdin.flush();
            String line = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IllegalStateException("no answer to " + command + " within " + timeout + "; stderr: " + stderr);
            }
            JsonNode answer = JSON.readTree(line);
            if (!answer.path("ok").asBoolean()) {
                throw new IllegalStateException(command.get("cmd") + " failed: " + answer.path("error").asText());
            }
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException("bittorrent-dht process failed; stderr: " + stderr, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode call(ObjectNode command) {
        return call(command, Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        try {
            call(command("stop"), Duration.ofSeconds(10));
        } catch (RuntimeException ignored) {
            // it is being killed anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
