package inferlab.model;

import inferlab.prob.Categorical;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A source whose distribution we know exactly: a hidden Markov model over a small alphabet. A stationary
 * hidden chain z_t moves by A[z][z'] and emits a symbol x_t with probability B[z][x]; z_1 starts from the
 * stationary distribution pi = pi A, so the process x is stationary.
 *
 * <p>The forward algorithm gives exact probabilities. With the predictive state distribution
 * q_t(z) = P(z_t = z | x_{&lt;t}), q_1 = pi:
 * <pre>
 *   P(x_t = v | x_{&lt;t}) = sum_z q_t(z) B[z][v]
 *   q_{t+1}(z') = sum_z q_t(z) B[z][x_t] A[z][z'] / P(x_t | x_{&lt;t})
 *   log P(x_1..x_T) = sum_t log P(x_t | x_{&lt;t})            (chain rule)
 * </pre>
 * As a {@link LanguageModel} its next-token distribution is this forward filter, so decoders and samplers can be
 * checked against a model whose answers are known.
 *
 * <p>Entropy rate H = lim (1/T) H(x_1..x_T). By Shannon–McMillan–Breiman -(1/T) log P(x_1..x_T) -&gt; H almost
 * surely, so one long sample estimates it. It is also sandwiched exactly (Cover and Thomas, Thm 4.5.1, applied
 * to the Markov chain (z_t, x_t)): H(x_n | x_{&lt;n}, z_1) &lt;= H &lt;= H(x_n | x_{&lt;n}), both computable by
 * enumerating the V^n sequences, and both converge to H as n grows.
 */
public final class KnownSource implements LanguageModel {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz";

    private final double[][] transition;
    private final double[][] emission;
    private final double[] initial;

    /** A source from its matrices; rows must be distributions. The start distribution is A's stationary one. */
    public KnownSource(double[][] transition, double[][] emission) {
        int s = transition.length;
        if (emission.length != s) throw new IllegalArgumentException("A has " + s + " states, B has " + emission.length);
        for (double[] row : transition) checkRow(row, s);
        int v = emission[0].length;
        if (v > ALPHABET.length()) throw new IllegalArgumentException("at most " + ALPHABET.length() + " symbols");
        for (double[] row : emission) checkRow(row, v);
        this.transition = deepCopy(transition);
        this.emission = deepCopy(emission);
        this.initial = stationary(this.transition);
    }

    /**
     * A random source: each row of A and B is softmax(sharpness · N(0, 1) noise), so larger sharpness gives
     * more predictable dynamics and emissions.
     */
    public static KnownSource random(int states, int symbols, double sharpness, RandomGenerator rng) {
        return new KnownSource(randomRows(states, states, sharpness, rng), randomRows(states, symbols, sharpness, rng));
    }

    /** The course's fixed source: 6 hidden states, 8 symbols (letters a..h), seeded. */
    public static KnownSource standard() {
        return random(6, 8, 3.0, new java.util.Random(2026));
    }

    public int states() {
        return transition.length;
    }

    @Override
    public int vocabSize() {
        return emission[0].length;
    }

    /** Letters a, b, c, ... for symbols 0, 1, 2, ...; one character per token. */
    @Override
    public Optional<Tokenizer> tokenizer() {
        int v = vocabSize();
        return Optional.of(new Tokenizer() {
            @Override
            public int[] encode(String text) {
                int[] ids = new int[text.length()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = ALPHABET.indexOf(text.charAt(i));
                    if (ids[i] < 0 || ids[i] >= v) throw new IllegalArgumentException("'" + text.charAt(i) + "' is not a symbol of this source");
                }
                return ids;
            }

            @Override
            public String decode(int[] ids) {
                StringBuilder sb = new StringBuilder();
                for (int id : ids) sb.append(ALPHABET.charAt(id));
                return sb.toString();
            }

            @Override
            public int vocabSize() {
                return v;
            }
        });
    }

    /** The source never ends a sequence. */
    @Override
    public int eosTokenId() {
        return -1;
    }

    /** A sample x_1..x_length. */
    public int[] sample(int length, RandomGenerator rng) {
        int[] x = new int[length];
        int z = Categorical.sample(initial, rng);
        for (int t = 0; t < length; t++) {
            if (t > 0) z = Categorical.sample(transition[z], rng);
            x[t] = Categorical.sample(emission[z], rng);
        }
        return x;
    }

    /** P(x_1 = v) for every v: the distribution before any token. */
    public double[] firstTokenDistribution() {
        return emit(initial);
    }

    /** Exact log P(x_1..x_T) in nats by the forward algorithm (normalised at each step, so no underflow). */
    public double logProbability(int[] x) {
        double[] q = initial.clone();
        double logP = 0;
        for (int v : x) {
            double p = 0;
            for (int z = 0; z < q.length; z++) p += q[z] * emission[z][v];
            logP += Math.log(p);
            q = advance(q, v);
        }
        return logP;
    }

    /** -(1/T) log P(x_1..x_T) on one sample of length T: converges to the entropy rate (nats per symbol). */
    public double entropyRateEstimate(int length, RandomGenerator rng) {
        return -logProbability(sample(length, rng)) / length;
    }

    /**
     * Exact bounds {H(x_n | x_{&lt;n}, z_1), H(x_n | x_{&lt;n})} on the entropy rate, by enumerating all V^n
     * sequences (cost V^n S^2; n = 6 with 8 symbols is instant).
     */
    public double[] entropyRateBounds(int n) {
        if (n < 1) throw new IllegalArgumentException("n must be >= 1");
        double[] upper = blockEntropies(initial, n);
        double lower = 0;
        for (int z = 0; z < states(); z++) {
            double[] start = new double[states()];
            start[z] = 1;
            double[] h = blockEntropies(start, n);
            lower += initial[z] * (h[1] - h[0]);
        }
        return new double[] {lower, upper[1] - upper[0]};
    }

    @Override
    public Session newSession() {
        return new ForwardSession(new int[0], List.of(initial));
    }

    /** {H(x_1..x_{n-1}), H(x_1..x_n)} when z_1 ~ start. */
    private double[] blockEntropies(double[] start, int n) {
        double[] h = new double[2];
        enumerate(start, 0, n, h);
        return h;
    }

    /** Depth-first over prefixes; alpha(z) = P(prefix, next state z) unnormalised. */
    private void enumerate(double[] alpha, int depth, int n, double[] h) {
        for (int v = 0; v < vocabSize(); v++) {
            double[] next = new double[states()];
            double p = 0;
            for (int z = 0; z < states(); z++) {
                double a = alpha[z] * emission[z][v];
                if (a == 0) continue;
                p += a;
                for (int z2 = 0; z2 < states(); z2++) next[z2] += a * transition[z][z2];
            }
            if (p == 0) continue;
            if (depth == n - 2) h[0] -= p * Math.log(p);
            if (depth == n - 1) {
                h[1] -= p * Math.log(p);
            } else {
                enumerate(next, depth + 1, n, h);
            }
        }
    }

    /** q_{t+1} from q_t after observing v (Bayes update on the emission, then one step of the chain). */
    private double[] advance(double[] q, int v) {
        int s = states();
        double[] filtered = new double[s];
        double p = 0;
        for (int z = 0; z < s; z++) p += filtered[z] = q[z] * emission[z][v];
        if (p == 0) throw new IllegalArgumentException("symbol " + v + " has probability 0 here");
        double[] next = new double[s];
        for (int z = 0; z < s; z++) {
            if (filtered[z] == 0) continue;
            for (int z2 = 0; z2 < s; z2++) next[z2] += filtered[z] / p * transition[z][z2];
        }
        return next;
    }

    private double[] emit(double[] q) {
        double[] p = new double[vocabSize()];
        for (int z = 0; z < q.length; z++) for (int v = 0; v < p.length; v++) p[v] += q[z] * emission[z][v];
        return p;
    }

    private static double[] stationary(double[][] a) {
        int s = a.length;
        double[] pi = new double[s];
        Arrays.fill(pi, 1.0 / s);
        for (int it = 0; it < 100_000; it++) {
            double[] next = new double[s];
            for (int z = 0; z < s; z++) for (int z2 = 0; z2 < s; z2++) next[z2] += pi[z] * a[z][z2];
            double diff = 0;
            for (int z = 0; z < s; z++) diff += Math.abs(next[z] - pi[z]);
            // averaging with the previous iterate also converges for periodic chains
            for (int z = 0; z < s; z++) pi[z] = 0.5 * (pi[z] + next[z]);
            if (diff < 1e-15) break;
        }
        return pi;
    }

    private static double[][] randomRows(int rows, int cols, double sharpness, RandomGenerator rng) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            double s = 0;
            for (int j = 0; j < cols; j++) s += row[j] = Math.exp(sharpness * rng.nextGaussian());
            for (int j = 0; j < cols; j++) row[j] /= s;
        }
        return m;
    }

    private static void checkRow(double[] row, int length) {
        if (row.length != length) throw new IllegalArgumentException("row of length " + row.length + ", expected " + length);
        double s = 0;
        for (double p : row) {
            if (!(p >= 0)) throw new IllegalArgumentException("negative or NaN probability " + p);
            s += p;
        }
        if (Math.abs(s - 1) > 1e-9) throw new IllegalArgumentException("row sums to " + s);
    }

    private static double[][] deepCopy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
        return c;
    }

    /** Holds q_1 .. q_{t+1} so truncation is a list cut and fork a copy. */
    private final class ForwardSession implements Session {
        private final List<Integer> tokens;
        private final List<double[]> predictive; // predictive.get(t) = q_{t+1}, the state after t tokens

        ForwardSession(int[] prefix, List<double[]> predictive) {
            this.tokens = new ArrayList<>();
            for (int t : prefix) tokens.add(t);
            this.predictive = new ArrayList<>(predictive);
        }

        @Override
        public int length() {
            return tokens.size();
        }

        @Override
        public int[] tokens() {
            return tokens.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public float[][] append(int... ids) {
            float[][] out = new float[ids.length][];
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] < 0 || ids[i] >= vocabSize()) throw new IllegalArgumentException("token " + ids[i] + " outside vocabulary");
                double[] q = advance(predictive.get(predictive.size() - 1), ids[i]);
                tokens.add(ids[i]);
                predictive.add(q);
                double[] p = emit(q);
                out[i] = new float[p.length];
                for (int v = 0; v < p.length; v++) out[i][v] = (float) Math.log(p[v]);
            }
            return out;
        }

        @Override
        public Session fork() {
            return new ForwardSession(tokens(), predictive);
        }

        @Override
        public void truncate(int length) {
            if (length < 0 || length > tokens.size()) throw new IllegalArgumentException("cannot truncate " + tokens.size() + " to " + length);
            tokens.subList(length, tokens.size()).clear();
            predictive.subList(length + 1, predictive.size()).clear();
        }

        @Override
        public void close() {}
    }
}
