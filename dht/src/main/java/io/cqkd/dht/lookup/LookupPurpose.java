package io.cqkd.dht.lookup;

/** Why a node runs a lookup: the lookup shape may differ by purpose. */
public enum LookupPurpose {
    /** For a caller: find_node, get and put, get_peers and announce, Alice's discovery. */
    FIND,
    /** The node's own id while it joins: where it learns its neighbourhood. */
    SELF,
    /** Background refresh of one bucket: needs a few live nodes there, not the k closest. */
    REFRESH
}
