package io.cqkd.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyGenerationTest {

    @Test
    void aliceAndBobGetTheSameEightBitKey() {
        KeygenNetwork net = new KeygenNetwork(1100, 1);
        KeyResult r = net.generate(KeygenOptions.of(8));
        System.out.println(r.aborted() + " " + r.abortReason() + " qber=" + r.qber() + " ops=" + r.operations()
                + " workers=" + r.workers() + " rounds=" + r.rounds() + " key=" + r.keyHex());
        assertThat(r.aborted()).isFalse();
        assertThat(r.aliceKey()).hasSize(8).isEqualTo(net.bobKey(r));
    }
}
