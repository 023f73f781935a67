package io.cqkd.dht.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** BEP 5 write tokens, driven with explicit nanosecond times (rotation is lazy, on use). */
class WriteTokensTest {
    private static final long ROTATION = Duration.ofMinutes(5).toNanos();
    private static final long T0 = 7_000_000_000L; // any origin: only differences matter

    private final InetSocketAddress requester = address(127, 0, 0, 1, 6881);
    private final WriteTokens tokens = new WriteTokens(new SplittableRandom(42), ROTATION, T0);

    @Test
    void aTokenIsValidForTheAddressItWasGivenTo() {
        byte[] token = tokens.tokenFor(requester, T0);
        assertThat(token).hasSize(8);
        assertThat(tokens.isValid(token, requester, T0)).isTrue();
        assertThat(tokens.isValid(token, address(127, 0, 0, 1, 6881), T0 + 1)).as("an equal address").isTrue();
        assertThat(tokens.tokenFor(requester, T0 + ROTATION - 1)).as("stable within a period").isEqualTo(token);
    }

    @Test
    void aTokenIsInvalidFromAnotherIpOrPort() {
        byte[] token = tokens.tokenFor(requester, T0);
        assertThat(tokens.isValid(token, address(127, 0, 0, 2, 6881), T0)).as("other IP").isFalse();
        assertThat(tokens.isValid(token, address(127, 0, 0, 1, 6882), T0)).as("other port").isFalse();
        assertThat(tokens.isValid(token, address(127, 0, 1, 1, 6881), T0)).as("other IP").isFalse();
        assertThat(tokens.isValid(token, address(127, 0, 0, 1, 6881 + 256), T0)).as("other port, same low byte")
                .isFalse();
        assertThat(tokens.tokenFor(address(127, 0, 0, 2, 6881), T0)).isNotEqualTo(token);
        assertThat(tokens.tokenFor(address(127, 0, 0, 1, 6882), T0)).isNotEqualTo(token);
    }

    @Test
    void aTokenSurvivesOneRotationButNotTwo() {
        byte[] token = tokens.tokenFor(requester, T0);
        assertThat(tokens.isValid(token, requester, T0 + ROTATION - 1)).isTrue();
        assertThat(tokens.isValid(token, requester, T0 + ROTATION)).as("one rotation later").isTrue();
        assertThat(tokens.tokenFor(requester, T0 + ROTATION)).as("a new secret").isNotEqualTo(token);
        assertThat(tokens.isValid(token, requester, T0 + 2 * ROTATION - 1)).isTrue();
        assertThat(tokens.isValid(token, requester, T0 + 2 * ROTATION)).as("two rotations later").isFalse();
    }

    @Test
    void aTokenIsInvalidTwoPeriodsLaterEvenWhenNothingRotatedInBetween() {
        byte[] token = tokens.tokenFor(requester, T0);
        // No use between T0 and T0 + 2 periods: both rotations are due at once.
        assertThat(tokens.isValid(token, requester, T0 + 2 * ROTATION)).isFalse();
    }

    @Test
    void aTokenIsInvalidLongAfterwards() {
        byte[] token = tokens.tokenFor(requester, T0);
        assertThat(tokens.isValid(token, requester, T0 + 17 * ROTATION + 3)).isFalse();
    }

    @Test
    void aTokenGivenLateInAPeriodLivesUntilTheSecondRotationAfterIt() {
        byte[] token = tokens.tokenFor(requester, T0 + ROTATION - 1);
        assertThat(tokens.isValid(token, requester, T0 + 2 * ROTATION - 1)).isTrue();
        assertThat(tokens.isValid(token, requester, T0 + 2 * ROTATION)).isFalse();
    }

    @Test
    void malformedOrForgedTokensAreInvalid() {
        byte[] token = tokens.tokenFor(requester, T0);
        assertThat(tokens.isValid(null, requester, T0)).isFalse();
        assertThat(tokens.isValid(new byte[0], requester, T0)).isFalse();
        assertThat(tokens.isValid(java.util.Arrays.copyOf(token, 7), requester, T0)).isFalse();
        assertThat(tokens.isValid(java.util.Arrays.copyOf(token, 9), requester, T0)).isFalse();
        byte[] flipped = token.clone();
        flipped[3] ^= 1;
        assertThat(tokens.isValid(flipped, requester, T0)).isFalse();
        assertThat(tokens.isValid(new byte[8], requester, T0)).isFalse();
    }

    @Test
    void tokensOfAnotherNodeAreInvalid() {
        WriteTokens other = new WriteTokens(new SplittableRandom(43), ROTATION, T0);
        assertThat(tokens.isValid(other.tokenFor(requester, T0), requester, T0)).isFalse();
    }

    static InetSocketAddress address(int a, int b, int c, int d, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}),
                    port);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
