package io.cqkd.phases.health;

import io.cqkd.dht.async.Throttle;
import io.cqkd.wire.krpc.Contact;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Checks a list of peers at one level, a bounded number at once: how long a node takes to check a
 * thousand (the plan's sweep). Outcomes count like any other check's. Confined to the node's loop.
 */
final class HealthSweep {
    private final HealthChecker checker;
    private final HealthLevel level;
    private final int concurrency;

    HealthSweep(HealthChecker checker, HealthLevel level, int concurrency) {
        this.checker = checker;
        this.level = level;
        this.concurrency = concurrency;
    }

    CompletableFuture<List<CheckOutcome>> run(List<Contact> peers) {
        CheckOutcome[] outcomes = new CheckOutcome[peers.size()];
        Throttle throttle = new Throttle(concurrency);
        List<CompletableFuture<CheckOutcome>> running = new ArrayList<>(peers.size());
        for (int i = 0; i < peers.size(); i++) {
            int index = i;
            running.add(throttle.submit(() -> checker.checkNow(peers.get(index), level))
                    .whenComplete((o, e) -> outcomes[index] = o));
        }
        return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                .handle((v, e) -> Arrays.asList(outcomes));
    }
}
