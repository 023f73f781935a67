package io.cqkd.dht.routing;

/** BEP 5 liveness of a routing-table entry. */
public enum NodeState {
    /** Answered us recently, or answered once and queried us recently. */
    GOOD,
    /** Silent for longer than the questionable period: worth a ping before trusting or evicting. */
    QUESTIONABLE,
    /** Failed several calls in a row: the first to be replaced. */
    BAD
}
