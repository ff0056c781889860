package inferlab.speculative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import inferlab.decode.Sampler;
import inferlab.decode.SamplingParams;
import inferlab.prob.TopK;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One rule for "greedy" ({@link SamplingParams#greedy}): a tiny positive temperature decodes greedily, not NaN. */
class TinyTemperatureTest {

    @Test
    void aTemperatureBelowTheThresholdIsGreedyInEverySampler() {
        Random rng = new Random(4);
        for (int trial = 0; trial < 50; trial++) {
            float[] logits = new float[64];
            for (int i = 0; i < logits.length; i++) logits[i] = (float) (rng.nextGaussian() * 30);
            int best = TopK.argmax(logits);
            for (double t : new double[] {0, Double.MIN_VALUE, 1e-45, 1e-300, 9e-6}) {
                assertEquals(best, new Sampler(SamplingParams.ancestral(t), new Random(trial)).next(new int[] {1}, logits), "T=" + t);
                assertEquals(best, Sampling.next(logits, t, new Random(trial)), "T=" + t);
            }
        }
        assertEquals(false, SamplingParams.greedy(SamplingParams.GREEDY_BELOW));
    }
}
