package inferlab.prob;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ProbabilityExercisesTest {

    @Test
    void referenceImplementationsPass() {
        assertTrue(ProbabilityExercises.checkEntropy(Entropy::of).startsWith("PASS"));
        assertTrue(ProbabilityExercises.checkKl(Divergence::kl).startsWith("PASS"));
        assertTrue(ProbabilityExercises.checkPerplexity(p -> {
            double s = 0;
            for (double v : p) s += Math.log(v);
            return Math.exp(-s / p.length);
        }).startsWith("PASS"));
        assertTrue(ProbabilityExercises.checkEce(Calibration::ece).startsWith("PASS"));
        assertTrue(ProbabilityExercises.checkGumbelMax((x, rng) -> Gumbel.sample(x, rng)).startsWith("PASS"));
    }

    @Test
    void eceAndGumbelMistakesFail() {
        // confidence 1.0 indexed as bucket B, out of range: clamped to the first bucket instead
        String ece = ProbabilityExercises.checkEce((c, ok, b) -> {
            double[] conf = new double[b], acc = new double[b];
            int[] count = new int[b];
            for (int i = 0; i < c.length; i++) {
                int k = (int) (c[i] * b) % b;
                count[k]++;
                conf[k] += c[i];
                if (ok[i]) acc[k]++;
            }
            double e = 0;
            for (int k = 0; k < b; k++) if (count[k] > 0) e += Math.abs(acc[k] - conf[k]) / c.length;
            return e;
        });
        assertTrue(ece.startsWith("FAIL confidence exactly 1 belongs to the last bucket"), ece);
        // uniform noise instead of Gumbel noise is not softmax sampling
        String uniform = ProbabilityExercises.checkGumbelMax((x, rng) -> {
            int best = 0;
            double top = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < x.length; i++) {
                double v = x[i] + rng.nextDouble();
                if (v > top) { top = v; best = i; }
            }
            return best;
        });
        assertTrue(uniform.startsWith("FAIL gumbel-max on [1.0, 2.0, 3.0, 0.0]"), uniform);
    }

    @Test
    void typicalFirstAttemptsFailWithTheirInput() {
        // 0 * log 0 evaluates to NaN in floating point
        String entropy = ProbabilityExercises.checkEntropy(p -> {
            double h = 0;
            for (double v : p) h -= v * Math.log(v);
            return h;
        });
        assertTrue(entropy.startsWith("FAIL 0 log 0 = 0"), entropy);
        // forgetting that q_i = 0 < p_i makes KL infinite is fine here (log gives +inf); mixing up p and q is not
        String kl = ProbabilityExercises.checkKl((p, q) -> Divergence.kl(q, p));
        assertTrue(kl.startsWith("FAIL p puts mass where q has none"), kl);
        // the product of 2000 probabilities underflows to 0
        String ppl = ProbabilityExercises.checkPerplexity(p -> {
            double prod = 1;
            for (double v : p) prod *= v;
            return Math.pow(prod, -1.0 / p.length);
        });
        assertTrue(ppl.startsWith("FAIL 3,000 tokens"), ppl);
        assertTrue(ProbabilityExercises.checkEntropy(p -> { throw new UnsupportedOperationException("todo"); }).contains("threw"));
    }
}
