package inferlab.rerank;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * MBR with cosine utility on unit embeddings, u(y_i, y_j) = e_i · e_j, computed in O(N d) instead of
 * O(N² d). Because the dot product is linear,
 * <pre>
 *   sum_{j != i} e_i · e_j = e_i · (S − e_i) = e_i · S − |e_i|²,   S = sum_j e_j,
 * </pre>
 * so one sum S serves every candidate: s_i = (e_i · S − |e_i|²) / (N − 1), the same scores as
 * {@link #quadratic} up to rounding. (The trick needs a utility that is an inner product of per-candidate
 * vectors; BLEU is not one, so BLEU-MBR stays quadratic.)
 *
 * @param embed the embedding e(y), unit length (or zero), e.g. {@link TokenEmbedding#embed}
 */
public record EmbeddingMbr(String name, Function<String, double[]> embed, boolean linear) implements Reranker {

    @Override
    public double[] scores(String prompt, List<String> candidates) {
        double[][] e = candidates.stream().map(embed).toArray(double[][]::new);
        return linear ? linear(e) : quadratic(e);
    }

    /** s_i = 1/(N−1) sum_{j != i} e_i · e_j by all pairs: N(N−1) dot products. */
    public static double[] quadratic(double[][] e) {
        int n = e.length;
        double[] s = new double[n];
        if (n < 2) return s;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) if (j != i) s[i] += dot(e[i], e[j]);
            s[i] /= n - 1;
        }
        return s;
    }

    /** The same scores from one sum: s_i = (e_i · S − |e_i|²) / (N − 1). */
    public static double[] linear(double[][] e) {
        int n = e.length;
        double[] s = new double[n];
        if (n < 2) return s;
        double[] sum = new double[e[0].length];
        for (double[] v : e) for (int k = 0; k < sum.length; k++) sum[k] += v[k];
        for (int i = 0; i < n; i++) s[i] = (dot(e[i], sum) - dot(e[i], e[i])) / (n - 1);
        return s;
    }

    /** Seconds per call of each form on N random unit vectors of dimension d (median of {@code repeats}). */
    public record Timing(int n, int dimension, double linearSeconds, double quadraticSeconds) {}

    public static List<Timing> time(int[] ns, int dimension, int repeats, RandomGenerator rng) {
        if (dimension < 1 || repeats < 1) throw new IllegalArgumentException("need dimension >= 1 and repeats >= 1");
        List<Timing> out = new ArrayList<>();
        for (int n : ns) {
            if (n < 2) throw new IllegalArgumentException("N must be >= 2, got " + n);
            double[][] e = new double[n][dimension];
            for (double[] v : e) {
                double norm = 0;
                for (int k = 0; k < dimension; k++) norm += (v[k] = rng.nextGaussian()) * v[k];
                for (int k = 0; k < dimension; k++) v[k] /= Math.sqrt(norm);
            }
            out.add(new Timing(n, dimension, median(() -> linear(e), repeats), median(() -> quadratic(e), repeats)));
        }
        return out;
    }

    private static double median(java.util.function.Supplier<double[]> scores, int repeats) {
        double sink = scores.get()[0]; // warm-up: the first call pays for JIT compilation
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            sink += scores.get()[0]; // a used result cannot be optimised away
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        if (Double.isNaN(sink)) throw new IllegalStateException("NaN scores");
        java.util.Arrays.sort(t);
        return t[repeats / 2];
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += a[k] * b[k];
        return s;
    }
}
