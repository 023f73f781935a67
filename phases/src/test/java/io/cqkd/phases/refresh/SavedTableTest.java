package io.cqkd.phases.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The record only holds what its file can write and read back. */
class SavedTableTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 7001);

    @Test
    void copiesThePeerList() {
        List<InetSocketAddress> peers = new ArrayList<>(List.of(PEER));
        SavedTable table = new SavedTable("worker", 1L, 10, peers);
        peers.clear();
        assertThat(table.peers()).containsExactly(PEER);
        assertThatThrownBy(() -> table.peers().add(PEER)).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "two words", "line\nbreak", "caf\u00e9"})
    void refusesARoleThatIsNotOnePrintableWord(String role) {
        assertThatThrownBy(() -> new SavedTable(role, 1L, 10, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesANegativeSizeEstimate() {
        assertThatThrownBy(() -> new SavedTable("worker", 1L, -1, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void takesUpToMaxPeersAndNoMore() {
        assertThat(new SavedTable("worker", 1L, 10, Collections.nCopies(SavedTable.MAX_PEERS, PEER)).peers())
                .hasSize(SavedTable.MAX_PEERS);
        assertThatThrownBy(() -> new SavedTable("worker", 1L, 10, Collections.nCopies(SavedTable.MAX_PEERS + 1, PEER)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512");
    }

    @Test
    void refusesPeersItCouldNotWriteAsNumericAddresses() {
        assertThatThrownBy(() -> new SavedTable("worker", 1L, 10,
                List.of(InetSocketAddress.createUnresolved("peer.example", 7001))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SavedTable("worker", 1L, 10, List.of(new InetSocketAddress("127.0.0.1", 0))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
