package inferlab.prob;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ExperimentsTest {

    @Test
    void gumbelCheckAgreesWithSoftmaxAndDetectsADifferentDistribution() {
        float[] logits = {3f, 1f, 0.5f, -1f, Float.NEGATIVE_INFINITY, 2f};
        Experiments.SamplingCheck c = Experiments.gumbelCheck(logits, 50_000, new Random(61));
        assertTrue(c.gumbelDistance() < 0.01, "TV " + c.gumbelDistance());
        assertTrue(c.inverseCdfDistance() < 0.01, "TV " + c.inverseCdfDistance());
        assertEquals(0, c.gumbel()[4]);
        double sum = 0;
        for (double f : c.gumbel()) sum += f;
        assertEquals(1, sum, 1e-9);
        // the same frequencies are far from the softmax of other logits
        float[] other = logits.clone();
        other[0] = 2f;
        assertTrue(Divergence.totalVariation(Entropy.toDouble(Softmax.softmax(other)), c.gumbel()) > 0.05);
        assertEquals(0.5, Divergence.totalVariation(new double[] {1, 0}, new double[] {0.5, 0.5}), 1e-12);
    }

    @Test
    void entropyGrowsWithTemperatureFromZeroToLnV() {
        float[] logits = {4f, 1f, 0f, -2f, 0.5f};
        double[] temps = {0.01, 0.3, 1, 3, 1000};
        double[] h = Experiments.entropyAtTemperatures(logits, temps);
        assertEquals(0, h[0], 1e-6);
        for (int i = 1; i < h.length; i++) assertTrue(h[i] > h[i - 1]);
        assertEquals(Math.log(5), h[4], 1e-3);
        assertEquals(Entropy.ofLogits(logits), h[2], 1e-12);
    }

    @Test
    void aGumbelRaceIsWonWithTheSoftmaxProbability() {
        for (double[] mu : new double[][] {{0, 0}, {1, 0}, {0, 2.5}}) {
            var race = Experiments.gumbelRace(mu[0], mu[1], 40_000, new Random(3));
            assertEquals(Math.exp(mu[0]) / (Math.exp(mu[0]) + Math.exp(mu[1])), race.exact(), 1e-12);
            assertTrue(race.empirical().low() <= race.exact() + 0.01 && race.exact() - 0.01 <= race.empirical().high(),
                    race.toString());
        }
        // a location shift of 1 is not a fair race: the empirical interval excludes one half
        assertTrue(Experiments.gumbelRace(1, 0, 40_000, new Random(4)).empirical().low() > 0.6);
    }

    @Test
    void klToTheEmpiricalDistributionIsTheLogLossUpToAConstant() {
        int[] data = {0, 0, 0, 1, 1, 2, 0, 1, 3, 0};
        var rows = Experiments.klAndLikelihood(data, 5, new double[] {1e-6, 0.1, 1, 10});
        double constant = rows.get(0).meanNll() - rows.get(0).kl();
        for (var r : rows) {
            assertEquals(constant, r.meanNll() - r.kl(), 1e-9);
            assertEquals(r.empiricalEntropy(), constant, 1e-9);
        }
        for (int i = 1; i < rows.size(); i++) assertTrue(rows.get(i).kl() > rows.get(i - 1).kl());
        assertEquals(0, rows.get(0).kl(), 1e-4); // k -> 0 is the MLE: the empirical distribution itself
    }
}
