package io.cqkd.app.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Names the machine a report was measured on, read from the machine itself. */
record MachineDescription(String cpu, int cores, long memoryBytes, String os, String java, String node) {

    static MachineDescription current() {
        return new MachineDescription(readCpuModel(), Runtime.getRuntime().availableProcessors(), readMemoryBytes(), readOsName(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), readNodeVersion());
    }

    String oneLine() {
        return String.format("%s, %d cores, %.0f GiB RAM, %s, %s, Node.js %s", cpu, cores,
                memoryBytes / (1024.0 * 1024 * 1024), os, java, node);
    }

    private static String readCpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name", System.getProperty("os.arch"));
    }

    private static long readMemoryBytes() {
        String kb = firstValue(Path.of("/proc/meminfo"), "MemTotal", "0").replaceAll("[^0-9]", "");
        return kb.isEmpty() ? 0 : Long.parseLong(kb) * 1024;
    }

    private static String readOsName() {
        String pretty = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME", System.getProperty("os.name"));
        return pretty.replace("\"", "");
    }

    private static String readNodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unavailable";
        } catch (IOException e) {
            return "unavailable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unavailable";
        }
    }

    /** The value of the first "key: value" or "key=value" line of a text file, or the fallback. */
    private static String firstValue(Path file, String key, String fallback) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    int sep = line.indexOf(':') >= 0 ? line.indexOf(':') : line.indexOf('=');
                    return line.substring(sep + 1).trim();
                }
            }
        } catch (IOException e) {
            return fallback;
        }
        return fallback;
    }
}
