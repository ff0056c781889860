package inferlab.serve.sim;

import inferlab.bench.Measure;
import inferlab.model.LanguageModel;
import inferlab.model.Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Fits a {@link CostModel} to a real model: the median time to prefill prompts of several lengths, and the
 * median time of one {@link LanguageModel#appendBatch} step over several batch sizes, each fitted by least
 * squares to a line {@code y = α + β·x} (intercept and slope clamped at 0, which a noisy fit can undershoot).
 *
 * @param promptLengths  the prompt lengths timed
 * @param prefillSeconds median prefill time of each
 * @param batches        the batch sizes timed
 * @param stepSeconds    median decode-step time of each
 * @param cost           the fitted cost model
 */
public record Calibration(int[] promptLengths, double[] prefillSeconds, int[] batches, double[] stepSeconds, CostModel cost) {

    /**
     * Times {@code model}: prompts of random tokens at each length, and decode steps over {@code b} sessions
     * holding {@code context} tokens each; {@code runs} timed runs after one warm-up.
     */
    public static Calibration measure(LanguageModel model, int[] promptLengths, int[] batches, int context, int runs, Random rng) {
        if (promptLengths.length < 2 || batches.length < 2) throw new IllegalArgumentException("a line needs at least two prompt lengths and two batch sizes");
        if (runs < 1) throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        if (context < 1) throw new IllegalArgumentException("context must be >= 1 token, got " + context);
        double[] prefill = new double[promptLengths.length];
        for (int i = 0; i < promptLengths.length; i++) {
            int[] prompt = tokens(promptLengths[i], model.vocabSize(), rng);
            prefill[i] = Measure.time(1, runs, () -> {
                try (Session s = model.newSession()) {
                    s.append(prompt);
                }
            }).median();
        }
        double[] step = new double[batches.length];
        for (int i = 0; i < batches.length; i++) {
            List<Session> sessions = new ArrayList<>();
            try {
                for (int b = 0; b < batches[i]; b++) {
                    sessions.add(model.newSession());
                    sessions.get(b).append(tokens(context, model.vocabSize(), rng));
                }
                int[] next = tokens(batches[i], model.vocabSize(), rng);
                step[i] = Measure.time(1, runs, () -> model.appendBatch(sessions, next)).median();
            } finally {
                sessions.forEach(Session::close);
            }
        }
        double[] p = fit(promptLengths, prefill);
        double[] d = fit(batches, step);
        return new Calibration(promptLengths.clone(), prefill, batches.clone(), step, new CostModel(p[0], p[1], d[0], d[1]));
    }

    /** Least squares {@code y = α + β x}: β = cov(x, y) / var(x), α = ȳ − β x̄; both clamped at 0. */
    static double[] fit(int[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElseThrow(), my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0, sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        if (sxx == 0) throw new IllegalArgumentException("a line needs at least two distinct x values");
        double slope = Math.max(0, sxy / sxx);
        return new double[] {Math.max(0, my - slope * mx), slope};
    }

    private static int[] tokens(int n, int vocab, Random rng) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = rng.nextInt(vocab);
        return t;
    }
}
