package inferlab.system;

import inferlab.model.LanguageModel;
import inferlab.model.Tokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * Reward-model features from the language model itself: statistics of the teacher-forced log-probabilities
 * log p(y_t | x, y_{<t}) of the solution's tokens. A model is less sure where a solution goes wrong: a
 * corrupted number is an unlikely token, so the minimum and the low quantile drop.
 */
public record LmFeatures(LanguageModel model) implements RewardModel.Features {

    private static final int TAIL = 8;

    @Override
    public List<String> names() {
        return List.of("mean log p", "min log p", "10% quantile log p", "mean log p last " + TAIL, "log tokens");
    }

    @Override
    public double[] of(String problem, String solution) {
        Tokenizer tok = model.tokenizer().orElseThrow(() -> new IllegalStateException("the model has no tokenizer"));
        int[] all = tok.encode(problem + solution);
        int start = Math.max(1, Math.min(tok.encode(problem).length, all.length - 1));
        float[] lp = model.score(all); // lp[t-1] = log p(all[t] | all[<t])
        double[] y = new double[lp.length - (start - 1)];
        for (int i = 0; i < y.length; i++) y[i] = lp[start - 1 + i];
        double[] sorted = y.clone();
        Arrays.sort(sorted);
        double tail = 0;
        int tailN = Math.min(TAIL, y.length);
        for (int i = y.length - tailN; i < y.length; i++) tail += y[i] / tailN;
        return new double[] {Arrays.stream(y).average().orElse(0), sorted[0], sorted[(int) (0.1 * (y.length - 1))], tail,
                Math.log(y.length)};
    }
}
