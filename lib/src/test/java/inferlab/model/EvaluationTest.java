package inferlab.model;

import static org.junit.jupiter.api.Assertions.*;

import inferlab.model.NGramModel.Smoothing;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void slidingWindowOnABigramMatchesItsClosedForm() {
        // add-1 bigram on a toy corpus: p(w | u) = (c(u w) + 1) / (c(u) + V)
        int[] train = {0, 1, 2, 0, 1, 1, 2, 0, 0, 1};
        int v = 3;
        NGramModel m = NGramModel.train(train, v, 2, new Smoothing.AddK(1));
        int[][] c = new int[v][v];
        int[] cu = new int[v];
        for (int i = 1; i < train.length; i++) {
            c[train[i - 1]][train[i]]++;
            cu[train[i - 1]]++;
        }
        int[] test = {2, 1, 1, 0, 2, 2, 0, 1, 0, 0, 2, 1};
        double nll = 0;
        for (int t = 1; t < test.length; t++) nll -= Math.log((c[test[t - 1]][test[t]] + 1.0) / (cu[test[t - 1]] + v));
        nll /= test.length - 1;
        for (int[] ws : new int[][] {{2, 1}, {5, 3}, {4, 1}, {50, 49}}) {
            assertEquals(nll, Evaluation.crossEntropy(m, test, ws[0], ws[1]), 1e-6, "window " + ws[0] + " stride " + ws[1]);
        }
        assertEquals(nll, Evaluation.crossEntropy(m, test), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Evaluation.logProbs(m, test, 4, 4));
    }

    @Test
    void slidingWindowGivesTrigramsTheirFullContextWhenStrideAllowsIt() {
        Random rng = new Random(51);
        KnownSource src = KnownSource.standard();
        NGramModel m = NGramModel.train(src.sample(5000, rng), 8, 3, new Smoothing.KneserNey(true));
        int[] x = src.sample(300, rng);
        float[] full = m.score(x);
        float[] windowed = Evaluation.logProbs(m, x, 10, 8); // every window keeps >= 2 context tokens
        assertArrayEquals(full, windowed, 1e-6f);
        Evaluation.Predictions whole = Evaluation.predictions(m, x), windowedRows = Evaluation.predictions(m, x, 10, 8);
        assertArrayEquals(whole.labels(), windowedRows.labels());
        for (int t = 0; t < whole.logits().length; t++) assertArrayEquals(whole.logits()[t], windowedRows.logits()[t], 1e-6f);
        float[] starved = Evaluation.logProbs(m, x, 10, 9); // only 1 context token at window starts
        int differ = 0;
        for (int i = 0; i < full.length; i++) if (full[i] != starved[i]) differ++;
        assertTrue(differ > 0);
    }

    @Test
    void entropiesAreThoseOfTheNextTokenDistributions() {
        KnownSource src = KnownSource.standard();
        int[] x = src.sample(20, new Random(52));
        double[] h = Evaluation.entropies(src, x);
        assertEquals(x.length, h.length);
        for (double v : h) assertTrue(v > 0 && v < Math.log(8));
        Evaluation.Predictions p = Evaluation.predictions(src, x);
        assertEquals(x.length - 1, p.logits().length);
        assertEquals(x[1], p.labels()[0]);
        assertEquals(h[3], inferlab.prob.Entropy.ofLogits(p.logits()[3]), 1e-9);
    }

    @Test
    void learningCurveApproachesTheEntropyRateFromAbove() {
        KnownSource src = KnownSource.standard();
        double[] bounds = src.entropyRateBounds(6);
        List<Evaluation.CurvePoint> curve = Evaluation.learningCurve(src, new int[] {1, 3}, new int[] {300, 3000, 30_000}, 20_000, new Random(53));
        assertEquals(6, curve.size());
        for (Evaluation.CurvePoint p : curve) assertTrue(p.crossEntropy() > bounds[0] - 0.02, p.toString());
        Evaluation.CurvePoint small = curve.get(3), large = curve.get(5);
        assertEquals(3, large.order());
        assertTrue(large.crossEntropy() < small.crossEntropy());
        assertTrue(large.crossEntropy() - bounds[1] < 0.06, "trigram on 30k symbols: " + large);
        // a unigram cannot get near: it ignores all context
        assertTrue(curve.get(2).crossEntropy() - bounds[1] > 0.1);
    }

    @Test
    void ngramOrdersOnHeldOutData() {
        KnownSource src = KnownSource.standard();
        Random rng = new Random(54);
        double[] h = Evaluation.ngramCrossEntropies(src.sample(50_000, rng), src.sample(5000, rng), 8, 3,
                new Smoothing.KneserNey(true));
        assertTrue(h[1] < h[0] && h[2] < h[1], java.util.Arrays.toString(h));
    }

    @Test
    void topNextTokensAreTheMostProbableInOrder() {
        KnownSource src = KnownSource.standard();
        int[] prompt = src.tokenizer().orElseThrow().encode("abca");
        List<Evaluation.Candidate> top = Evaluation.topNext(src, prompt, 8);
        assertEquals(8, top.size());
        double sum = 0;
        for (int i = 0; i < top.size(); i++) {
            sum += top.get(i).probability();
            if (i > 0) assertTrue(top.get(i).probability() <= top.get(i - 1).probability());
            assertEquals(String.valueOf("abcdefgh".charAt(top.get(i).id())), top.get(i).text());
        }
        assertEquals(1, sum, 1e-5);
        int[] extended = java.util.Arrays.copyOf(prompt, 5);
        extended[4] = top.get(0).id();
        assertEquals(Math.log(top.get(0).probability()), src.logProbability(extended) - src.logProbability(prompt), 1e-5);
    }

    /**
     * The notebook's calibration section: the true source is calibrated; an add-k 4-gram trained on a small
     * sample is over-confident, and temperature scaling fitted on held-out data repairs much of it. (With more
     * data the miscalibration varies between seen and unseen contexts, and one NLL-fitted T can raise top-1 ECE.)
     */
    @Test
    void temperatureScalingCalibratesAnOverfittedNGram() {
        KnownSource src = KnownSource.standard();
        Random rng = new Random(55);
        NGramModel m = NGramModel.train(src.sample(300, rng), 8, 4, new Smoothing.AddK(0.01));
        Evaluation.Predictions fit = Evaluation.predictions(m, src.sample(5000, rng));
        Evaluation.Predictions test = Evaluation.predictions(m, src.sample(5000, rng));
        double t = inferlab.prob.Calibration.fitTemperature(fit.logits(), fit.labels());
        var before = inferlab.prob.Calibration.report(test.logits(), test.labels(), 1, 10);
        var after = inferlab.prob.Calibration.report(test.logits(), test.labels(), t, 10);
        assertTrue(t > 1.5, "over-confident model needs T > 1, got " + t);
        assertTrue(after.ece() < 0.7 * before.ece(), before.ece() + " -> " + after.ece());
        assertTrue(after.nll() < before.nll() - 0.2);
        assertEquals(before.accuracy(), after.accuracy(), 0, "temperature never changes the argmax");
        Evaluation.Predictions truth = Evaluation.predictions(src, src.sample(5000, rng));
        assertTrue(inferlab.prob.Calibration.report(truth.logits(), truth.labels(), 1, 10).ece() < 0.03);
    }

    @Test
    void encodeJoinsDocumentsWithEos() {
        Tokenizer t = KnownSource.standard().tokenizer().orElseThrow();
        assertArrayEquals(new int[] {0, 1, 7, 2, 7}, Evaluation.encode(t, List.of("ab", "c"), 7));
        assertArrayEquals(new int[] {0, 1, 2}, Evaluation.encode(t, List.of("ab", "c"), -1));
    }

    @Test
    void klFromTheTruthIsTheExcessCrossEntropy() {
        KnownSource src = KnownSource.standard();
        Random rng = new Random(56);
        NGramModel m = NGramModel.train(src.sample(2000, rng), 8, 3, new Smoothing.KneserNey(true));
        int[] x = src.sample(50_000, rng);
        double kl = Evaluation.meanKl(src, m, x);
        double excess = Evaluation.crossEntropy(m, x) - Evaluation.crossEntropy(src, x);
        assertTrue(kl > 0.01, "a 3-gram on 2000 letters is not the truth: " + kl);
        assertEquals(excess, kl, 0.01);
        assertEquals(0, Evaluation.meanKl(m, m, java.util.Arrays.copyOf(x, 100)), 1e-9);
    }

    @Test
    void predictionAccuracyCountsArgmaxHitsWithTheFirstIndexOnTies() {
        float[][] logits = {{0, 2, 1}, {3, 3, 0}, {1, 0, 0}, {0, 0, 5}};
        var acc = new Evaluation.Predictions(logits, new int[] {1, 1, 0, 0}).accuracy();
        assertEquals(0.5, acc.estimate(), 1e-12); // rows 0 and 2; row 1 ties at index 0
        assertEquals(inferlab.prob.Interval.wilson(2, 4), acc);
    }
}
