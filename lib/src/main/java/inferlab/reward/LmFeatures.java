package inferlab.reward;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import inferlab.prob.Softmax;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Reward-model features from the language model itself, from one teacher-forced pass over problem + solution
 * (its first context-length tokens).
 *
 * <ul>
 *   <li>Confidence: statistics of log p(y_t | x, y_{<t}) over the solution's tokens. A model is less sure
 *       where a solution goes wrong: a corrupted number is an unlikely token, so the minimum and the low
 *       quantile drop.</li>
 *   <li>Pooled state: the mean over the solution's positions of the centred logits z_t, projected by a
 *       fixed Gaussian matrix R (k x V, seeded): {@code R mean_t(z_t - mean(z_t))}. Logits are a linear map
 *       of the final hidden state (z_t = W h_t), so this is a random k-dimensional linear view of the
 *       mean-pooled hidden state, read without opening the model.</li>
 * </ul>
 */
public final class LmFeatures implements RewardModel.Features {

    private static final int TAIL = 8;

    private final LanguageModel model;
    private final float[][] projection;

    /** @param pooledDims k, the number of pooled-state coordinates (0 for confidence features only) */
    public LmFeatures(LanguageModel model, int pooledDims, long seed) {
        this.model = model;
        Random rng = new Random(seed);
        int v = model.vocabSize();
        projection = new float[pooledDims][v];
        for (float[] row : projection) for (int j = 0; j < v; j++) row[j] = (float) (rng.nextGaussian() / Math.sqrt(v));
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>(List.of("mean log p", "min log p", "10% quantile log p",
                "mean log p last " + TAIL, "log tokens"));
        for (int i = 0; i < projection.length; i++) names.add("pooled state " + i);
        return names;
    }

    @Override
    public double[] of(String problem, String solution) {
        Tokenizer tok = model.tokenizer().orElseThrow(() -> new IllegalStateException("the model has no tokenizer"));
        int[] all = tok.encode(problem + solution);
        // a sampled solution may have run to the end of the context (and re-encoding can add a token): score what fits
        if (all.length > model.contextLength()) all = Arrays.copyOf(all, model.contextLength());
        int start = Math.max(1, Math.min(tok.encode(problem).length, all.length - 1)); // first solution token
        float[][] logits;
        try (Session s = model.newSession()) {
            logits = s.append(all); // row t predicts token t+1
        }
        double[] lp = new double[all.length - start];
        for (int t = start; t < all.length; t++) lp[t - start] = Softmax.logSoftmax(logits[t - 1], all[t]);
        double[] sorted = lp.clone();
        Arrays.sort(sorted);
        int tailN = Math.min(TAIL, lp.length);
        double tail = 0;
        for (int i = lp.length - tailN; i < lp.length; i++) tail += lp[i] / tailN;

        double[] out = new double[5 + projection.length];
        out[0] = Arrays.stream(lp).average().orElse(0);
        out[1] = sorted[0];
        out[2] = sorted[(int) (0.1 * (lp.length - 1))];
        out[3] = tail;
        out[4] = Math.log(lp.length);
        if (projection.length > 0) {
            double[] pooled = new double[model.vocabSize()];
            int n = all.length - start;
            for (int t = start; t < all.length; t++) {
                float[] z = logits[t];
                double mean = 0;
                for (float v : z) mean += v / z.length;
                for (int j = 0; j < z.length; j++) pooled[j] += (z[j] - mean) / n;
            }
            for (int i = 0; i < projection.length; i++) {
                double s = 0;
                for (int j = 0; j < pooled.length; j++) s += projection[i][j] * pooled[j];
                out[5 + i] = s;
            }
        }
        return out;
    }
}
