package inferlab.cache;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * DJL's memory rules for the arrays a cache lends from {@link KvCache#update}, in one place. A cache that answers
 * with a fresh view of its storage (a slice, a gather of blocks) must free that view, but not while the model
 * still uses it: the model {@code tempAttach}es each lent array to its per-step manager, so that results of ops
 * on it are freed with the step, and the array returns to the cache's manager when that step closes, which is
 * after {@link KvCache#commit}. So views are freed when the next step starts (the first update after a commit),
 * on truncation, and on close: never at commit.
 */
final class LentViews {
    private final List<NDArray> views = new ArrayList<>();
    private boolean stepDone;

    /** Called first by every update: frees the previous step's views once that step has been committed. */
    void startUpdate() {
        if (stepDone) free();
    }

    /** Records a step's keys and values as lent, and returns them as update's answer. */
    NDArray[] lend(NDArray keys, NDArray values) {
        views.add(keys);
        views.add(values);
        return new NDArray[] {keys, values};
    }

    /** The step is committed: its views may be freed from the next update on. */
    void committed() {
        stepDone = true;
    }

    /** Frees every lent view now (on truncation or close, when no step is running). */
    void free() {
        views.forEach(NDArray::close);
        views.clear();
        stepDone = false;
    }
}
