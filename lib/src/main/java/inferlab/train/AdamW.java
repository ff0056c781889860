package inferlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019). For each parameter p with gradient g, at step
 * t = 1, 2, ...:
 *
 * <pre>
 *   m = beta1 m + (1 - beta1) g            v = beta2 v + (1 - beta2) g^2
 *   p = p - lr * ( m / (1 - beta1^t) / (sqrt(v / (1 - beta2^t)) + eps) + lambda p )
 * </pre>
 *
 * The decay term lambda p is outside the adaptive scaling (that is the "decoupled" part), and is applied only
 * to matrices: norm gains and biases are left undecayed. Moments live in the optimizer's own manager.
 */
public final class AdamW implements AutoCloseable {
    private final double beta1, beta2, eps, weightDecay;
    private final List<String> names = new ArrayList<>();
    private final List<NDArray> params = new ArrayList<>();
    private final List<Boolean> decay = new ArrayList<>();
    private final List<NDArray> m = new ArrayList<>(), v = new ArrayList<>();
    private final NDManager manager;
    private int t;

    /** {@code parameters} by name; those with fewer than two dimensions get no weight decay. */
    public AdamW(Map<String, NDArray> parameters, NDManager parent, double beta1, double beta2, double eps, double weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.manager = parent.newSubManager();
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray p = e.getValue();
            names.add(e.getKey());
            params.add(p);
            decay.add(p.getShape().dimension() >= 2);
            m.add(manager.zeros(p.getShape(), p.getDataType()));
            v.add(manager.zeros(p.getShape(), p.getDataType()));
        }
    }

    /**
     * Scales all gradients by min(1, maxNorm / ||g||) where ||g|| is the global L2 norm over every parameter,
     * so one bad batch cannot throw the weights far. Returns ||g|| before clipping.
     */
    public double clipGradients(double maxNorm) {
        double sq = 0;
        try (NDManager tmp = manager.newSubManager()) {
            NDArray total = tmp.zeros(new ai.djl.ndarray.types.Shape());
            for (NDArray p : params) {
                NDArray g = p.getGradient();
                g.attach(tmp);
                total.addi(g.square().sum());
            }
            sq = total.getFloat();
            double norm = Math.sqrt(sq);
            if (norm > maxNorm) {
                for (NDArray p : params) {
                    NDArray g = p.getGradient();
                    g.attach(tmp);
                    g.muli((float) (maxNorm / (norm + 1e-6)));
                }
            }
            return norm;
        }
    }

    /** One update with the gradients currently stored on the parameters, at learning rate {@code lr}; then zeroes them. */
    public void step(double lr) {
        t++;
        float c1 = (float) (1 - Math.pow(beta1, t)), c2 = (float) (1 - Math.pow(beta2, t));
        try (NDManager tmp = manager.newSubManager()) {
            for (int i = 0; i < params.size(); i++) {
                NDArray p = params.get(i);
                NDArray g = p.getGradient();
                g.attach(tmp);
                m.get(i).muli((float) beta1).addi(g.mul((float) (1 - beta1)));
                v.get(i).muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
                // Results of an op belong to the manager of its receiver: attach temporaries to tmp.
                NDArray mHat = m.get(i).div(c1);
                NDArray vHat = v.get(i).div(c2);
                mHat.attach(tmp);
                vHat.attach(tmp);
                NDArray update = mHat.divi(vHat.sqrt().addi((float) eps));
                if (decay.get(i)) {
                    NDArray decayTerm = p.mul((float) weightDecay);
                    decayTerm.attach(tmp);
                    update.addi(decayTerm);
                }
                p.subi(update.muli((float) lr));
                g.muli(0f);
            }
        }
    }

    /** Sets every gradient to zero without updating (a skipped step). */
    public void zeroGradients() {
        try (NDManager tmp = manager.newSubManager()) {
            for (NDArray p : params) {
                NDArray g = p.getGradient();
                g.attach(tmp);
                g.set(new NDIndex("..."), 0f); // not g * 0: NaN * 0 is NaN
            }
        }
    }

    /** Number of updates done. */
    public int steps() {
        return t;
    }

    /** The moments by name ({@code m.<param>}, {@code v.<param>}): with {@link #steps()}, all a resumed run needs. */
    public Map<String, NDArray> moments() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            out.put("m." + names.get(i), m.get(i));
            out.put("v." + names.get(i), v.get(i));
        }
        return out;
    }

    /** Restores the state saved by {@link #moments()} after {@code steps} updates. */
    public void restore(Map<String, NDArray> moments, int steps) {
        for (int i = 0; i < params.size(); i++) {
            for (String k : List.of("m.", "v.")) {
                NDArray saved = moments.get(k + names.get(i));
                if (saved == null || !saved.getShape().equals(params.get(i).getShape())) {
                    throw new IllegalArgumentException("optimizer state has no " + k + names.get(i) + " of shape " + params.get(i).getShape());
                }
                (k.equals("m.") ? m : v).get(i).set(saved.toFloatArray());
            }
        }
        t = steps;
    }

    @Override
    public void close() {
        manager.close();
    }
}
