package inferlab.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.decode.ZipfModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Perplexity statistics by hand, and a small Mirostat grid on Zipf models. */
class MirostatSweepTest {

    @Test
    void perplexityStatisticsOfAHandCase() {
        // p = 1/2, 1/4, 1/8: PPL_t = 2, 4, 8
        float[] lp = {(float) Math.log(0.5), (float) Math.log(0.25), (float) Math.log(0.125)};
        var s = MirostatSweep.perplexity(lp);
        assertEquals(14.0 / 3, s.mean(), 1e-5);
        assertEquals(4, s.median(), 1e-5);
        assertEquals(Math.sqrt((Math.pow(2 - 14.0 / 3, 2) + Math.pow(4 - 14.0 / 3, 2) + Math.pow(8 - 14.0 / 3, 2)) / 3), s.std(), 1e-5);
        assertEquals(4, s.sequence(), 1e-5, "geometric mean of 2, 4, 8");
        assertEquals(3, MirostatSweep.perplexity(new float[] {0, (float) Math.log(0.5), (float) Math.log(0.25), (float) Math.log(0.2)}).median(), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> MirostatSweep.perplexity(new float[0]));
    }

    @Test
    void aGridOfThreeTargetsTwoPromptsTwoModels() {
        Map<String, ZipfModel> models = new LinkedHashMap<>();
        models.put("zipf-500", new ZipfModel(500));
        models.put("zipf-2000", new ZipfModel(2000));
        double[] taus = {2, 4, 6};
        var runs = MirostatSweep.sweep(models, List.of(new int[] {1}, new int[] {7, 3}), taus, 1, 0.1, 300, 5);
        assertEquals(12, runs.size());
        for (int i = 0; i < runs.size(); i++) {
            var r = runs.get(i);
            assertEquals(i < 6 ? "zipf-500" : "zipf-2000", r.model());
            assertEquals((i / 3) % 2, r.prompt());
            assertEquals(taus[i % 3], r.tau());
            assertEquals(300, r.trace().size());
            var p = r.perplexity();
            assertTrue(p.sequence() <= p.mean() + 1e-9 && p.median() > 0 && p.std() >= 0, r.toString());
            if (i % 3 > 0) {
                assertTrue(p.sequence() > runs.get(i - 1).perplexity().sequence(), "a higher target writes more surprising text: " + i);
            }
            assertTrue(Math.abs(r.meanSurpriseError()) < 0.3 * r.tau(), "controller near its target: " + r.meanSurpriseError());
            assertTrue(r.meanModelSurpriseError() > r.meanSurpriseError(), "the untruncated surprise is the larger");
            // the sequence perplexity is 2 to the mean untruncated surprise in bits
            assertEquals(Math.log(p.sequence()) / Math.log(2), r.meanModelSurpriseError() + r.tau(), 1e-3);
        }
    }

    @Test
    void theDistributionAtAStepIsTheModelsAfterTheTokensBefore() {
        ZipfModel zipf = new ZipfModel(500);
        var run = MirostatSweep.sweep(Map.of("zipf", zipf), List.of(new int[] {1}), new double[] {4}, 1, 0.1, 20, 5).get(0);
        assertEquals(20, run.generated().length);
        for (int step : new int[] {1, 10, 20}) {
            double[] p = MirostatSweep.sortedProbabilities(zipf, new int[] {1}, run.generated(), step);
            // after token t the Zipf model's probabilities are r^-s / H, in rank order r = 1, 2, ...
            int last = step == 1 ? 1 : run.generated()[step - 2];
            double s = ZipfModel.exponent(last), h = 0;
            for (int r = 1; r <= 500; r++) h += Math.pow(r, -s);
            for (int r = 1; r <= 500; r += 99) assertEquals(Math.pow(r, -s) / h, p[r - 1], 1e-5, "step " + step + ", rank " + r);
        }
        assertThrows(IllegalArgumentException.class, () -> MirostatSweep.sortedProbabilities(zipf, new int[] {1}, run.generated(), 21));
    }
}
