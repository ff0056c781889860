package inferlab.reward;

import inferlab.model.WorkerPool;
import inferlab.prob.Interval;
import inferlab.system.BestOfN;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * An outcome reward model r(x, y) = sigma(w . z(x, y) + b): the probability that solution y of problem x is
 * correct, a logistic head on standardized features z (language-model and consistency features, see
 * {@link Features}). Trained by full-batch gradient descent on the log-loss with an L2 penalty
 * {@code lambda/2 |w|^2}; the data are gold solutions (label 1) and wrong ones (label 0), corrupted or sampled.
 */
public final class RewardModel implements BestOfN.Scorer {

    /**
     * A feature map phi(problem, solution) with named coordinates; {@code of} is a function of its arguments,
     * since training and scoring compute several solutions' features at once on the engine's threads.
     */
    public interface Features {
        List<String> names();

        double[] of(String problem, String solution);

        /** The same features, computed once per (problem, solution): LM features cost a forward pass. */
        static Features cached(Features f) {
            java.util.Map<List<String>, double[]> memo = new java.util.concurrent.ConcurrentHashMap<>();
            return new Features() {
                @Override
                public List<String> names() {
                    return f.names();
                }

                @Override
                public double[] of(String problem, String solution) {
                    return memo.computeIfAbsent(List.of(problem, solution), k -> f.of(problem, solution)).clone();
                }
            };
        }

        /** Both feature maps side by side. */
        static Features concat(Features a, Features b) {
            return new Features() {
                @Override
                public List<String> names() {
                    return java.util.stream.Stream.concat(a.names().stream(), b.names().stream()).toList();
                }

                @Override
                public double[] of(String problem, String solution) {
                    double[] x = a.of(problem, solution), y = b.of(problem, solution);
                    double[] z = java.util.Arrays.copyOf(x, x.length + y.length);
                    System.arraycopy(y, 0, z, x.length, y.length);
                    return z;
                }
            };
        }
    }

    /** One training or evaluation pair. */
    public record Example(String problem, String solution, boolean correct) {}

    private final Features features;
    private final double[] mean;
    private final double[] std;
    private final double[] w;
    private final double b;

    private RewardModel(Features features, double[] mean, double[] std, double[] w, double b) {
        this.features = features;
        this.mean = mean;
        this.std = std;
        this.w = w;
        this.b = b;
    }

    /**
     * Fits the head: features once, standardize, then {@code epochs} full-batch gradient steps of size
     * {@code lr}, from a seeded initialisation w ~ N(0, 0.01^2).
     */
    public static RewardModel train(Features features, List<Example> data, int epochs, double lr, double lambda,
                                    RandomGenerator rng) {
        int n = data.size(), d = features.names().size();
        double[][] x = WorkerPool.map(n, i -> features.of(data.get(i).problem(), data.get(i).solution()))
                .toArray(double[][]::new);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = data.get(i).correct() ? 1 : 0;
        double[] mean = new double[d], std = new double[d];
        for (double[] row : x) for (int j = 0; j < d; j++) mean[j] += row[j] / n;
        for (double[] row : x) for (int j = 0; j < d; j++) std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
        for (int j = 0; j < d; j++) std[j] = Math.sqrt(std[j]) + 1e-8;
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) z[i][j] = (x[i][j] - mean[j]) / std[j];

        double[] w = new double[d];
        for (int j = 0; j < d; j++) w[j] = 0.01 * rng.nextGaussian();
        double b = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            double[] gw = new double[d];
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double err = sigmoid(dot(w, z[i]) + b) - y[i]; // d(log-loss)/d(logit)
                for (int j = 0; j < d; j++) gw[j] += err * z[i][j] / n;
                gb += err / n;
            }
            for (int j = 0; j < d; j++) w[j] -= lr * (gw[j] + lambda * w[j]);
            b -= lr * gb;
        }
        return new RewardModel(features, mean, std, w, b);
    }

    /** P(correct | problem, solution). */
    @Override
    public double score(String problem, String solution) {
        double[] x = features.of(problem, solution);
        double logit = b;
        for (int j = 0; j < w.length; j++) logit += w[j] * (x[j] - mean[j]) / std[j];
        return sigmoid(logit);
    }

    /** Held-out AUC: how well the scores rank correct above wrong solutions. */
    public double auc(List<Example> data) {
        return Auc.of(scores(data), labels(data));
    }

    /** Held-out AUC with its 95% bootstrap interval ({@link Auc#interval}, seeded). */
    public Interval aucInterval(List<Example> data) {
        return Auc.interval(scores(data), labels(data), 1000, new SplittableRandom(0));
    }

    private double[] scores(List<Example> data) {
        return WorkerPool.map(data.size(), i -> score(data.get(i).problem(), data.get(i).solution())).stream()
                .mapToDouble(Double::doubleValue).toArray();
    }

    private static boolean[] labels(List<Example> data) {
        boolean[] out = new boolean[data.size()];
        for (int i = 0; i < out.length; i++) out[i] = data.get(i).correct();
        return out;
    }

    /** The weight of each named feature on the standardized scale: which evidence the model uses. */
    public List<String> describeWeights() {
        List<String> names = features.names();
        return java.util.stream.IntStream.range(0, w.length)
                .mapToObj(j -> String.format(java.util.Locale.ROOT, "%-24s %+.3f", names.get(j), w[j])).toList();
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
