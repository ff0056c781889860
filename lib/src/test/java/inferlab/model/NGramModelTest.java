package inferlab.model;

import static org.junit.jupiter.api.Assertions.*;

import inferlab.model.NGramModel.Smoothing;
import inferlab.prob.Softmax;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NGramModelTest {

    static final List<Smoothing> ALL = List.of(new Smoothing.AddK(1), new Smoothing.AddK(0.01), new Smoothing.AddK(0),
            new Smoothing.KneserNey(false), new Smoothing.KneserNey(true));

    static int[] randomTokens(Random rng, int n, int vocab) {
        int[] x = new int[n];
        for (int i = 0; i < n; i++) x[i] = Math.min(vocab - 1, (int) (vocab * Math.pow(rng.nextDouble(), 2))); // skewed
        return x;
    }

    @Test
    void distributionsSumToOneForEveryContext() {
        Random rng = new Random(31);
        int vocab = 9;
        int[] train = randomTokens(rng, 3000, vocab - 1); // the last token never occurs in training
        for (Smoothing s : ALL) {
            for (int order = 1; order <= 5; order++) {
                NGramModel m = NGramModel.train(train, vocab, order, s);
                for (int trial = 0; trial < 200; trial++) {
                    // seen contexts (a training slice) and unseen ones (random, often containing the unseen token)
                    int len = rng.nextInt(7);
                    int[] h;
                    if (trial % 2 == 0) {
                        int from = rng.nextInt(train.length - len);
                        h = Arrays.copyOfRange(train, from, from + len);
                    } else {
                        h = new int[len];
                        for (int i = 0; i < len; i++) h[i] = rng.nextInt(vocab);
                    }
                    double[] p = m.distribution(h, len);
                    double sum = 0;
                    for (int w = 0; w < vocab; w++) {
                        assertTrue(p[w] >= 0);
                        assertEquals(p[w], m.probability(h, len, w), 1e-12, s + " order " + order);
                        sum += p[w];
                    }
                    assertEquals(1, sum, 1e-9, s + " order " + order + " context " + Arrays.toString(h));
                    if (s instanceof Smoothing.KneserNey) for (double v : p) assertTrue(v > 0, "KN gives every token mass");
                }
            }
        }
    }

    @Test
    void sessionLogitsAreTheDistributionAndForkTruncateWork() {
        Random rng = new Random(32);
        int vocab = 6;
        NGramModel m = NGramModel.train(randomTokens(rng, 2000, vocab), vocab, 3, new Smoothing.KneserNey(true));
        int[] x = randomTokens(rng, 12, vocab);
        try (Session s = m.newSession()) {
            float[][] rows = s.append(x);
            for (int t = 0; t < x.length; t++) {
                double[] p = m.distribution(x, t + 1);
                assertEquals(0, Softmax.logSumExp(rows[t]), 1e-5);
                for (int w = 0; w < vocab; w++) assertEquals(Math.log(p[w]), rows[t][w], 1e-5);
            }
            Session f = s.fork();
            f.truncate(5);
            assertArrayEquals(Arrays.copyOf(x, 5), f.tokens());
            assertArrayEquals(rows[5], f.append(x[5])[0]);
            assertEquals(12, s.length());
            float[] scores = m.score(x);
            for (int t = 1; t < x.length; t++) assertEquals(rows[t - 1][x[t]], scores[t - 1], 1e-5);
        }
    }

    /** An independent, slow Kneser–Ney from hash maps, to check the packed implementation. */
    static double naiveKn(int[] train, int vocab, int order, boolean modified, int[] h, int w) {
        List<Map<List<Integer>, Map<Integer, Integer>>> counts = new ArrayList<>();
        for (int k = 1; k <= order; k++) counts.add(new HashMap<>());
        for (int i = order - 1; i < train.length; i++) {
            counts.get(order - 1).computeIfAbsent(slice(train, i - order + 1, i), c -> new HashMap<>()).merge(train[i], 1, Integer::sum);
        }
        for (int k = order - 1; k >= 1; k--) {
            // each distinct (u h w) of the order above adds one to the continuation count of (h w)
            for (var e : counts.get(k).entrySet()) {
                for (int next : e.getValue().keySet()) {
                    counts.get(k - 1).computeIfAbsent(e.getKey().subList(1, k), c -> new HashMap<>()).merge(next, 1, Integer::sum);
                }
            }
        }
        int k = Math.min(order, h.length + 1);
        double p = 1.0 / vocab;
        for (int j = 1; j <= k; j++) {
            Map<Integer, Integer> cont = counts.get(j - 1).get(slice(h, h.length - (j - 1), h.length));
            if (cont == null) continue;
            double[] d = discounts(counts.get(j - 1), modified);
            double total = 0, gamma = 0;
            for (int c : cont.values()) {
                total += c;
                gamma += d[Math.min(c, 3)];
            }
            int c = cont.getOrDefault(w, 0);
            p = (Math.max(c - d[Math.min(c, 3)], 0) + gamma * p) / total;
        }
        return p;
    }

    static double[] discounts(Map<List<Integer>, Map<Integer, Integer>> level, boolean modified) {
        double[] n = new double[5];
        for (var m : level.values()) for (int c : m.values()) if (c <= 4) n[c]++;
        // the documented fall-backs for degenerate count-of-counts, and clipping to [0.1, c]
        double y = n[1] == 0 || n[2] == 0 ? 0.5 : n[1] / (n[1] + 2 * n[2]);
        if (!modified || n[3] == 0 || n[4] == 0) return new double[] {0, y, y, y};
        return new double[] {0, clip(1 - 2 * y * n[2] / n[1], 1), clip(2 - 3 * y * n[3] / n[2], 2), clip(3 - 4 * y * n[4] / n[3], 3)};
    }

    static double clip(double d, double max) {
        return Math.max(0.1, Math.min(max, d));
    }

    static List<Integer> slice(int[] x, int from, int to) {
        List<Integer> l = new ArrayList<>();
        for (int i = from; i < to; i++) l.add(x[i]);
        return l;
    }

    @Test
    void kneserNeyMatchesAStraightforwardImplementation() {
        Random rng = new Random(33);
        int vocab = 5;
        int[] train = randomTokens(rng, 400, vocab); // small, so count-of-counts are not degenerate
        for (boolean modified : new boolean[] {false, true}) {
            for (int order = 1; order <= 4; order++) {
                NGramModel m = NGramModel.train(train, vocab, order, new Smoothing.KneserNey(modified));
                for (int trial = 0; trial < 40; trial++) {
                    int[] h = randomTokens(rng, rng.nextInt(5), vocab);
                    int w = rng.nextInt(vocab);
                    assertEquals(naiveKn(train, vocab, order, modified, h, w), m.probability(h, h.length, w), 1e-12,
                            "order " + order + " modified " + modified + " h " + Arrays.toString(h) + " w " + w);
                }
            }
        }
    }

    @Test
    void kneserNeyBeatsAddKOnHeldOutData() {
        KnownSource source = KnownSource.standard();
        Random rng = new Random(34);
        int[] train = source.sample(10_000, rng), test = source.sample(5_000, rng);
        for (int order = 3; order <= 5; order++) {
            double kn = Evaluation.crossEntropy(NGramModel.train(train, 8, order, new Smoothing.KneserNey(true)), test);
            for (double k : new double[] {0.01, 0.1, 1}) {
                double addK = Evaluation.crossEntropy(NGramModel.train(train, 8, order, new Smoothing.AddK(k)), test);
                assertTrue(kn < addK, "order " + order + ": KN " + kn + " vs add-" + k + " " + addK);
            }
        }
    }

    @Test
    void unigramPerplexityHasTheClosedForm() {
        // counts in training: token 0 x3, 1 x2, 2 x1, 3 x0; N = 6, V = 4
        int[] train = {0, 1, 0, 2, 1, 0};
        int[] test = {3, 0, 1, 3, 0};
        for (double k : new double[] {1, 0.5}) {
            NGramModel m = NGramModel.train(train, 4, 1, new Smoothing.AddK(k));
            double[] p = {(3 + k) / (6 + 4 * k), (2 + k) / (6 + 4 * k), (1 + k) / (6 + 4 * k), k / (6 + 4 * k)};
            // the first test token is context; the unigram ignores it anyway
            double nll = -(Math.log(p[0]) + Math.log(p[1]) + Math.log(p[3]) + Math.log(p[0])) / 4;
            assertEquals(Math.exp(nll), Math.exp(Evaluation.crossEntropy(m, test)), 1e-5);
        }
        // maximum likelihood (k = 0) on its own training data: perplexity = exp(H(empirical)) over the scored tokens
        int[] seq = {2, 0, 0, 1, 1, 0, 1, 0}; // scored: 0 0 1 1 0 1 0 -> p(0) = 4/7, p(1) = 3/7
        NGramModel mle = NGramModel.train(Arrays.copyOfRange(seq, 1, seq.length), 3, 1, new Smoothing.AddK(0));
        double h = -(4 / 7.0) * Math.log(4 / 7.0) - (3 / 7.0) * Math.log(3 / 7.0);
        assertEquals(Math.exp(h), Math.exp(Evaluation.crossEntropy(mle, seq)), 1e-5);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> NGramModel.train(new int[] {0, 5}, 4, 2, new Smoothing.AddK(1)));
        assertThrows(IllegalArgumentException.class, () -> NGramModel.train(new int[] {0}, 4, 6, new Smoothing.AddK(1)));
        assertThrows(IllegalArgumentException.class, () -> NGramModel.train(new int[] {0}, 1 << 17, 5, new Smoothing.AddK(1)));
    }
}
