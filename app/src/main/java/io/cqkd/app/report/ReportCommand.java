package io.cqkd.app.report;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cqkd report <name>}: reports generated from real runs into docs/. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Generate a report under docs/ from real runs.",
        subcommands = {BaselineReport.class})
public final class ReportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
