package io.cqkd.keygen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cqkd.dht.DhtConfig;
import io.cqkd.dht.DhtNode;
import io.cqkd.dht.cluster.Cluster;
import io.cqkd.dht.cluster.SimDriver;
import io.cqkd.dht.rpc.RpcErrorException;
import io.cqkd.transport.sim.SimNetwork;
import io.cqkd.wire.BDict;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** One worker and a client in virtual time: leases, the roles' steps, and what a worker refuses. */
class WorkerServiceTest {
    private final SimNetwork sim = new SimNetwork(3);
    private final Cluster cluster = new Cluster(sim, new SimDriver(sim), 3);
    private final List<DhtNode> nodes = cluster.startNodes(2, DhtConfig.defaults(), i -> null);
    private final DhtNode worker = nodes.get(0);
    private final DhtNode client = nodes.get(1);
    /** Two leases, both of them for one requester: the limit of the worker, not of the requester, is tried here. */
    private final WorkerService service = new WorkerService(worker, new SplittableRandom(4), 2, 2);

    private BDict call(String method, BDict.Builder args) {
        CompletableFuture<BDict> answer = client.query(worker.contact(), method, args.build());
        try {
            return cluster.driver().await(answer, Duration.ofSeconds(30));
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private String refusal(String method, BDict.Builder args) {
        try {
            call(method, args);
        } catch (RpcErrorException e) {
            assertThat(e.getMessage()).as("one code, then the worker's reason").startsWith("error 201: ")
                    .doesNotContain("error 201: error");
            return e.reason();
        }
        throw new AssertionError(method + " was not refused");
    }

    private static BDict.Builder lease(String pid, String role, int seconds) {
        return BDict.builder().put("pid", pid).put("role", role).put("lease", seconds);
    }

    private static BDict.Builder op(String pid, int op) {
        return BDict.builder().put("pid", pid).put("op", op);
    }

    @Test
    void aWorkerHoldsOneRolePerRunAndAtMostItsLimitOfLeases() {
        assertThat(call(Methods.ROLE_REQUEST, lease("run-1", "QSG", 60)).requireInt("accept")).isEqualTo(1);
        BDict sameRunOtherRole = call(Methods.ROLE_REQUEST, lease("run-1", "BG", 60));
        assertThat(sameRunOtherRole.requireInt("accept")).isZero();
        assertThat(sameRunOtherRole.requireString("reason").asUtf8()).contains("already holds role QSG");
        assertThat(call(Methods.ROLE_REQUEST, lease("run-2", "BG", 60)).requireInt("accept")).isEqualTo(1);
        BDict third = call(Methods.ROLE_REQUEST, lease("run-3", "QPC", 60));
        assertThat(third.requireInt("accept")).isZero();
        assertThat(third.requireString("reason").asUtf8()).contains("busy: 2 leases held, at most 2");
        assertThat(service.activeLeases()).isEqualTo(2);

        call(Methods.ROLE_RELEASE, BDict.builder().put("pid", "run-2"));
        assertThat(service.activeLeases()).isEqualTo(1);
        assertThat(call(Methods.ROLE_REQUEST, lease("run-3", "QPC", 60)).requireInt("accept")).isEqualTo(1);
    }

    @Test
    void oneRequesterGetsItsShareOfLeasesForAtMostFiveMinutesAndReleasesOnlyItsOwn() {
        DhtNode other = cluster.startNodes(1, DhtConfig.defaults(), i -> null).get(0);
        WorkerService shared = new WorkerService(other, new SplittableRandom(5), 4);
        BDict first = cluster.driver().await(client.query(other.contact(), Methods.ROLE_REQUEST,
                lease("run-1", "QSG", 3600).build()), Duration.ofSeconds(30));
        assertThat(first.requireInt("accept")).isEqualTo(1);
        assertThat(first.requireInt("lease")).as("an hour asked, five minutes granted").isEqualTo(300);
        cluster.driver().await(client.query(other.contact(), Methods.ROLE_REQUEST, lease("run-2", "QSG", 60).build()),
                Duration.ofSeconds(30));
        BDict third = cluster.driver().await(client.query(other.contact(), Methods.ROLE_REQUEST,
                lease("run-3", "QSG", 60).build()), Duration.ofSeconds(30));
        assertThat(third.requireInt("accept")).isZero();
        assertThat(third.requireString("reason").asUtf8()).contains("at most 2 leases per requester");
        assertThat(shared.limitedRequests()).isEqualTo(1);
        assertThat(shared.activeLeases()).isEqualTo(2);
        // Another requester knowing the run id can neither take over nor release the lease.
        DhtNode stranger = cluster.startNodes(1, DhtConfig.defaults(), i -> null).get(0);
        CompletableFuture<BDict> release = stranger.query(other.contact(), Methods.ROLE_RELEASE,
                BDict.builder().put("pid", "run-1").build());
        assertThatThrownBy(() -> cluster.driver().await(release, Duration.ofSeconds(30)))
                .hasMessageContaining("not yours");
        assertThat(shared.activeLeases()).isEqualTo(2);
    }

    @Test
    void aLeaseExpiresAfterItsTimeAndItsStepsAreRefusedThen() {
        call(Methods.ROLE_REQUEST, lease("run", "QSG", 5));
        int spin = (int) call(Methods.SPIN, op("run", 0)).requireInt("spin");
        assertThat(call(Methods.SPIN, op("run", 0)).requireInt("spin")).as("asked again, the same spin").isEqualTo(spin);
        sim.runFor(Duration.ofSeconds(6));
        assertThat(service.activeLeases()).isZero();
        assertThat(refusal(Methods.SPIN, op("run", 0))).contains("no QSG lease");
    }

    @Test
    void eachRoleAnswersOnlyItsOwnStepsAndKeepsItsAnswers() {
        call(Methods.ROLE_REQUEST, lease("bg", "BG", 60));
        assertThat(refusal(Methods.SPIN, op("bg", 0))).contains("no QSG lease");
        String alice = call(Methods.BASIS, op("bg", 0).put("party", "alice")).requireString("basis").asUtf8();
        assertThat(alice).isIn("+", "x");
        for (int i = 0; i < 5; i++) {
            assertThat(call(Methods.BASIS, op("bg", 0).put("party", "alice")).requireString("basis").asUtf8())
                    .isEqualTo(alice);
        }
        assertThat(refusal(Methods.BASIS, op("bg", 0).put("party", "eve"))).contains("party must be alice or bob");
    }

    @Test
    void theMeterMeasuresOnlyAPhotonThatArrivedAndTheColliderComparesBases() {
        call(Methods.ROLE_REQUEST, lease("qpm", "QPM", 60));
        assertThat(refusal(Methods.MEASURE, op("qpm", 0).put("basis", "+"))).contains("no photon arrived");
        call(Methods.PHOTON, op("qpm", 0).put("polarization", 90));
        BDict measured = call(Methods.MEASURE, op("qpm", 0).put("basis", "+"));
        assertThat(measured.requireInt("bit")).as("90° in the + basis reads 1 with certainty").isEqualTo(1);
        assertThat(measured.requireInt("bases_match")).isEqualTo(1);

        call(Methods.ROLE_REQUEST, lease("qpc", "QPC", 60));
        assertThat(call(Methods.COLLIDE, op("qpc", 0).put("party", "alice").put("basis", "x")).requireInt("valid"))
                .as("Bob's basis not known yet").isEqualTo(-1);
        assertThat(call(Methods.COLLIDE, op("qpc", 0).put("party", "bob").put("basis", "x")).requireInt("valid"))
                .isEqualTo(1);
        assertThat(call(Methods.COLLIDE, op("qpc", 1).put("party", "bob").put("basis", "+")).requireInt("valid"))
                .isEqualTo(-1);
        assertThat(call(Methods.COLLIDE, op("qpc", 1).put("party", "alice").put("basis", "x")).requireInt("valid"))
                .isZero();
    }

    @Test
    void oneLeaseCarriesABoundedNumberOfOperations() {
        call(Methods.ROLE_REQUEST, lease("many", "QSG", 60));
        for (int op = 0; op < 16; op++) {
            call(Methods.SPIN, op("many", op));
        }
        assertThat(refusal(Methods.SPIN, op("many", 16))).contains("too many operations on one lease");
    }
}
