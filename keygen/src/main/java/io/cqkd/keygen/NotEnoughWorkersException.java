package io.cqkd.keygen;

/**
 * A run could not lease a role to every operation: the DHT showed no more willing workers. After
 * the first round it may mean only that workers died under the run (each lost operation needs five
 * new workers, and none may serve a run twice), and a fresh run can still succeed.
 */
public final class NotEnoughWorkersException extends KeygenException {
    public NotEnoughWorkersException(String message) {
        super(message);
    }
}
