package io.cqkd.phases.adaptive;

import io.cqkd.dht.lookup.LookupPurpose;
import io.cqkd.dht.lookup.LookupShape;
import io.cqkd.settings.KademliaTable;
import io.cqkd.wire.NodeId;
import java.util.function.LongSupplier;

/**
 * The plan's table as it stands: alpha and width from the row of the estimated network size
 * ({@code KADEMLIA_TABLE}); bucket refreshes keep their narrow shape. Before the first estimate, the
 * first row (the smallest networks) holds.
 */
final class TableLookupShape implements LookupShape {
    private final LongSupplier size;
    private final KademliaTable table;
    private final int refreshWidth;

    TableLookupShape(LongSupplier size, KademliaTable table, int refreshWidth) {
        this.size = size;
        this.table = table;
        this.refreshWidth = refreshWidth;
    }

    @Override
    public Shape shape(NodeId target, LookupPurpose purpose) {
        if (purpose == LookupPurpose.REFRESH) {
            return new Shape(refreshWidth, 1);
        }
        KademliaTable.Row row = table.rowFor(size.getAsLong());
        return new Shape(row.k(), row.alpha());
    }
}
