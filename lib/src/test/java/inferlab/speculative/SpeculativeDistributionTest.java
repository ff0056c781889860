package inferlab.speculative;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The point of speculative sampling: its first k tokens have exactly the target's distribution, whatever the
 * draft. A chi-square goodness-of-fit test over all V^k sequences, on Markov chains whose distribution is known.
 */
class SpeculativeDistributionTest {
    static final int V = 4, K = 3, RUNS = 20000;
    static final int[] PROMPT = {0, 1, 2, 0, 1};

    final MarkovModel target = MarkovModel.random(V, 1.5, false, 21);
    final MarkovModel draft = MarkovModel.random(V, 1.5, false, 22);

    /** Exact probability of each continuation x1..xK (as a base-V number) under a chain, after token a. */
    static double[] exact(MarkovModel m, int a) {
        double[] p = new double[(int) Math.pow(V, K)];
        for (int s = 0; s < p.length; s++) {
            double prob = 1;
            int prev = a;
            for (int i = K - 1; i >= 0; i--) {
                int x = s / (int) Math.pow(V, i) % V;
                prob *= m.p(prev, x);
                prev = x;
            }
            p[s] = prob;
        }
        return p;
    }

    static int index(int[] tokens) {
        int s = 0;
        for (int i = 0; i < K; i++) s = s * V + tokens[i];
        return s;
    }

    /** Pearson's statistic sum (O - E)^2 / E. */
    static double chiSquare(long[] observed, double[] p, int n) {
        double x2 = 0;
        for (int s = 0; s < p.length; s++) {
            double e = n * p[s];
            x2 += (observed[s] - e) * (observed[s] - e) / e;
        }
        return x2;
    }

    /** Upper 0.1% point of chi-square with df degrees of freedom (Wilson-Hilferty, z = 3.09). */
    static double critical(int df) {
        double h = 2.0 / (9 * df);
        return df * Math.pow(1 - h + 3.09 * Math.sqrt(h), 3);
    }

    long[] counts(Drafter drafter, int gamma, long seed) {
        Random rng = new Random(seed);
        long[] c = new long[(int) Math.pow(V, K)];
        var decoder = new SpeculativeDecoder(target, drafter, gamma);
        for (int r = 0; r < RUNS; r++) c[index(decoder.generate(PROMPT, K, 1.0, rng).tokens())]++;
        return c;
    }

    @Test
    void draftModelSamplingHasTheTargetDistribution() {
        double[] p = exact(target, PROMPT[PROMPT.length - 1]);
        double crit = critical(p.length - 1);
        try (var drafter = new DraftModelDrafter(draft)) {
            assertTrue(chiSquare(counts(drafter, 2, 1), p, RUNS) < crit, "gamma 2");
        }
        // the test has power: the draft's own distribution is far from the target's
        double[] q = exact(draft, PROMPT[PROMPT.length - 1]);
        long[] expectedDraftCounts = new long[q.length];
        for (int s = 0; s < q.length; s++) expectedDraftCounts[s] = Math.round(RUNS * q[s]);
        assertTrue(chiSquare(expectedDraftCounts, p, RUNS) > 10 * crit);
    }

    @Test
    void promptLookupSamplingHasTheTargetDistribution() {
        double[] p = exact(target, PROMPT[PROMPT.length - 1]);
        assertTrue(chiSquare(counts(new PromptLookupDrafter(2, 1), 3, 2), p, RUNS) < critical(p.length - 1));
    }
}
