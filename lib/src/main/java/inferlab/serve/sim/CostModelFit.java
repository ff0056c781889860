package inferlab.serve.sim;

import inferlab.measure.Measure;
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
public record CostModelFit(int[] promptLengths, double[] prefillSeconds, int[] batches, double[] stepSeconds, CostModel cost) {

    /**
     * Times {@code model}: prompts of random tokens at each length, and decode steps over {@code b} sessions
     * that start with {@code context} tokens each. One warm-up round, then {@code runs} rounds; each round times
     * every configuration once, so a burst of load from another process spreads over all of them instead of
     * bending the line, and the median of each configuration's rounds is fitted.
     */
    public static CostModelFit measure(LanguageModel model, int[] promptLengths, int[] batches, int context, int runs, Random rng) {
        if (Arrays.stream(promptLengths).distinct().count() < 2 || Arrays.stream(batches).distinct().count() < 2) {
            throw new IllegalArgumentException("a line needs two distinct prompt lengths and two distinct batch sizes");
        }
        if (Arrays.stream(promptLengths).min().getAsInt() < 1 || Arrays.stream(batches).min().getAsInt() < 1) {
            throw new IllegalArgumentException("prompt lengths and batch sizes must be >= 1");
        }
        if (runs < 1) throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        if (context < 1) throw new IllegalArgumentException("context must be >= 1 token, got " + context);
        int[][] prompts = Arrays.stream(promptLengths).mapToObj(n -> tokens(n, model.vocabSize(), rng)).toArray(int[][]::new);
        double[][] prefill = new double[promptLengths.length][runs];
        double[][] step = new double[batches.length][runs];
        List<List<Session>> groups = new ArrayList<>();
        try {
            for (int b : batches) {
                List<Session> group = new ArrayList<>();
                groups.add(group);
                for (int i = 0; i < b; i++) {
                    group.add(model.newSession());
                    group.get(i).append(tokens(context, model.vocabSize(), rng));
                }
            }
            for (int round = -1; round < runs; round++) {
                for (int i = 0; i < prompts.length; i++) {
                    long t0 = System.nanoTime();
                    try (Session s = model.newSession()) {
                        s.append(prompts[i]);
                    }
                    if (round >= 0) prefill[i][round] = (System.nanoTime() - t0) / 1e9;
                }
                for (int i = 0; i < batches.length; i++) {
                    int[] next = tokens(batches[i], model.vocabSize(), rng);
                    long t0 = System.nanoTime();
                    model.appendBatch(groups.get(i), next);
                    if (round >= 0) step[i][round] = (System.nanoTime() - t0) / 1e9;
                }
            }
        } finally {
            groups.forEach(g -> g.forEach(Session::close));
        }
        double[] prefillMedian = Arrays.stream(prefill).mapToDouble(Measure::median).toArray();
        double[] stepMedian = Arrays.stream(step).mapToDouble(Measure::median).toArray();
        double[] p = fit(promptLengths, prefillMedian);
        double[] d = fit(batches, stepMedian);
        return new CostModelFit(promptLengths.clone(), prefillMedian, batches.clone(), stepMedian, new CostModel(p[0], p[1], d[0], d[1]));
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
