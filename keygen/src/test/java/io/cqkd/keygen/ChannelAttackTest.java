package io.cqkd.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.dht.DhtNode;
import io.cqkd.keygen.channel.AuthenticatedChannel;
import io.cqkd.keygen.channel.ChannelKeys;
import io.cqkd.keygen.channel.ChannelRefusal;
import io.cqkd.keygen.channel.ChannelSession;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BList;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import io.cqkd.wire.Ed25519KeyPair;
import io.cqkd.wire.krpc.Contact;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The attacks of issue 14 on the Alice–Bob channel, played by a node that joined the network and
 * is offered roles, so it learns the run's id: during the run it asks Bob for the parity of every
 * key bit alone (unsigned, and signed with a key of its own), tells Bob to finish the run with an
 * abort, and tells Alice that Bob's batches failed. Bob discloses nothing, neither end believes
 * the forgeries, and the run ends with the same key at both ends.
 */
class ChannelAttackTest {
    private static final Duration ATTACK_EVERY = Duration.ofMillis(20);
    /** Workers under the attacker's control: enough that Alice offers a role to some of them. */
    private static final int CURIOUS = 300;

    private final KeygenNetwork net = new KeygenNetwork(3500, 14);
    private final AtomicReference<BString> pid = new AtomicReference<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger believed = new AtomicInteger();
    private final List<String> leaked = new ArrayList<>();
    private boolean runEnded;
    private final AuthenticatedChannel attackersOwnKey = AuthenticatedChannel.of(
            new ChannelKeys(Ed25519KeyPair.generate(new SecureRandom()), new byte[32]));

    @Test
    void aNodeThatKnowsTheRunIdLearnsNoKeyBitAndItsForgeriesAreRefused() {
        DhtNode attacker = net.workers.get(0);
        // Workers that are curious rather than busy: they note the run id of every offer, decline it
        // and tell the attacker (as nodes under one operator's control would).
        for (DhtNode curious : net.workers.subList(0, CURIOUS)) {
            net.await(curious.registerExtension(Methods.ROLE_REQUEST, (caller, a) -> {
                pid.compareAndSet(null, a.requireString("pid"));
                return CompletableFuture.completedFuture(BDict.builder().put("accept", 0).put("reason", "busy").build());
            }));
        }
        attacker.scheduler().schedule(ATTACK_EVERY, () -> attack(attacker));

        KeyResult r = net.generate(KeygenOptions.of(64).withDeadline(Duration.ofMinutes(2)));
        runEnded = true;

        assertThat(sent.get()).as("the attacker sent its messages while the run went on").isPositive();
        assertThat(leaked).as("parities Bob disclosed to the attacker").isEmpty();
        assertThat(believed.get()).as("forged messages that an end accepted").isZero();
        assertThat(r.aborted()).as(r.abortReason()).isFalse();
        assertThat(r.aliceKey()).hasSize(64);
        assertThat(net.bobKey(r)).isEqualTo(r.aliceKey());
        assertThat(net.bobChannel.refusals().count(ChannelRefusal.UNSIGNED)).isPositive();
        assertThat(net.bobChannel.refusals().count(ChannelRefusal.BAD_SIGNATURE)).isPositive();
        assertThat(net.aliceChannel.refusals().count(ChannelRefusal.UNSIGNED)).isPositive();
    }

    private void attack(DhtNode attacker) {
        if (runEnded) {
            return;
        }
        BString run = pid.get();
        if (run != null) {
            Contact bob = net.bobNode.contact();
            List<BValue> everyBitAlone = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                everyBitAlone.add(Messages.ints(List.of(i)));
            }
            BDict.Builder parity = BDict.builder().put("blocks", new BList(everyBitAlone));
            send(attacker, bob, Methods.PARITY, parity.put("pid", run).build(), true);
            // The same question signed with a key of the attacker's own making.
            send(attacker, bob, Methods.PARITY, attackersOwnKey.request(new ChannelSession(), Methods.PARITY, run,
                    BDict.builder().put("blocks", new BList(everyBitAlone))), true);
            send(attacker, bob, Methods.FINISH, BDict.builder().put("pid", run).put("abort", 1).build(), false);
            for (int batch = 0; batch < 4; batch++) {
                List<Integer> all = new ArrayList<>();
                for (int op = 0; op < 200; op++) {
                    all.add(op);
                }
                send(attacker, net.aliceNode.contact(), Methods.BOB_DONE, BDict.builder().put("pid", run)
                        .put("batch", batch).put("failed", Messages.ints(all)).build(), false);
            }
        }
        attacker.scheduler().schedule(ATTACK_EVERY, () -> attack(attacker));
    }

    private void send(DhtNode attacker, Contact to, String method, BDict args, boolean asksForBits) {
        sent.incrementAndGet();
        attacker.query(to, method, args).whenComplete((answer, error) -> {
            if (error == null) {
                believed.incrementAndGet();
                if (asksForBits) {
                    leaked.add(answer.toString());
                }
            }
        });
    }
}
