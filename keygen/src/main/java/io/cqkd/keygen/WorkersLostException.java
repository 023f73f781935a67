package io.cqkd.keygen;

/**
 * Workers died under a run's first round and took a large share of its operations with them (a
 * worker process killed, say). Making them up needs five new workers per lost operation, none of
 * which may serve the run twice; a fresh run needs only the survivors, so the request starts one
 * at once instead of searching the DHT for replacements that a network sized for one run lacks.
 */
public final class WorkersLostException extends KeygenException {
    public WorkersLostException(String message) {
        super(message);
    }
}
