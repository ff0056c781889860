package inferlab.prob;

import static org.junit.jupiter.api.Assertions.*;

import inferlab.plot.ReliabilityDiagram;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void errorsCancelInsideABucketButNotInMacroCe() {
        // one bucket [0.7, 0.8): two items at 0.72 and two at 0.78, three of four right. Mean confidence 0.75
        // equals accuracy 0.75, so ECE is 0, yet every single item is miscalibrated.
        double[] conf = {0.72, 0.78, 0.72, 0.78};
        boolean[] correct = {true, true, true, false};
        assertEquals(0, Calibration.ece(conf, correct, 10), 1e-12);
        // MacroCE: correct items miss 1 - c = 0.28, 0.22, 0.28; the wrong one is 0.78 confident
        double expected = 0.5 * ((0.28 + 0.22 + 0.28) / 3 + 0.78);
        assertEquals(expected, Calibration.macroCe(conf, correct), 1e-12);
        assertTrue(Calibration.macroCe(conf, correct) > 0.5);
        // buckets of width 0.01 separate 0.72 from 0.78: |1 - 0.72| and |0.5 - 0.78| are both 0.28
        assertEquals(0.28, Calibration.ece(conf, correct, 100), 1e-9);
    }

    @Test
    void reliabilityBinsMatchADirectCount() {
        double[] conf = {0.05, 0.15, 0.12, 0.95, 1.0, 0.5};
        boolean[] correct = {false, true, false, true, true, false};
        List<Calibration.Bin> bins = Calibration.reliability(conf, correct, 10);
        assertEquals(10, bins.size());
        assertEquals(2, bins.get(1).count());
        assertEquals(0.135, bins.get(1).confidence(), 1e-12);
        assertEquals(0.5, bins.get(1).accuracy(), 1e-12);
        assertEquals(2, bins.get(9).count()); // 1.0 falls in the last bucket
        assertEquals(0, bins.get(3).count());
        int total = bins.stream().mapToInt(Calibration.Bin::count).sum();
        assertEquals(conf.length, total);
        double ece = 0;
        for (Calibration.Bin b : bins) ece += b.count() * b.gap() / conf.length;
        assertEquals(ece, Calibration.ece(conf, correct, 10), 1e-12);
    }

    @Test
    void brierScoreOfCertainPredictions() {
        float[][] logits = {{100, 0, 0}, {0, 100, 0}};
        assertEquals(0, Calibration.brier(logits, new int[] {0, 1}, 1), 1e-9);
        assertEquals(1.0, Calibration.brier(logits, new int[] {1, 1}, 1), 1e-9); // (1^2 + 1^2 + 0) / 2
        float[][] uniform = {{0, 0}};
        assertEquals(0.5, Calibration.brier(uniform, new int[] {0}, 1), 1e-9);
    }

    /**
     * Labels drawn from softmax(z) are calibrated at T = 1; showing the model 3z makes it over-confident,
     * and temperature scaling on held-out data must recover T ~ 3 and lower NLL and ECE.
     */
    @Test
    void temperatureScalingUndoesOverconfidence() {
        Random rng = new Random(21);
        int n = 4000, k = 5;
        float[][] fit = new float[n][], test = new float[n][];
        int[] yFit = new int[n], yTest = new int[n];
        for (int i = 0; i < 2 * n; i++) {
            float[] z = InformationTest.randomLogits(rng, k, 1.5);
            int y = Categorical.sampleLogits(z, rng);
            float[] sharp = new float[k];
            for (int j = 0; j < k; j++) sharp[j] = 3 * z[j];
            if (i < n) { fit[i] = sharp; yFit[i] = y; } else { test[i - n] = sharp; yTest[i - n] = y; }
        }
        double t = Calibration.fitTemperature(fit, yFit);
        assertEquals(3, t, 0.3);
        assertTrue(Calibration.nll(fit, yFit, t) <= Calibration.nll(fit, yFit, t * 1.05));
        assertTrue(Calibration.nll(fit, yFit, t) <= Calibration.nll(fit, yFit, t / 1.05));
        boolean[] correct = Calibration.correct(test, yTest);
        double before = Calibration.ece(Calibration.confidences(test, 1), correct, 15);
        double after = Calibration.ece(Calibration.confidences(test, t), correct, 15);
        assertTrue(before > 0.1, "over-confident ECE " + before);
        assertTrue(after < 0.03, "scaled ECE " + after);
        assertTrue(Calibration.nll(test, yTest, t) < Calibration.nll(test, yTest, 1));
        assertTrue(Calibration.brier(test, yTest, t) < Calibration.brier(test, yTest, 1));
    }

    @Test
    void reliabilityDiagramDrawsNonEmptyBucketsAndTabulatesEachReport() {
        float[][] logits = {{2, 0}, {2, 0}, {0, 3}, {1, 0}};
        int[] labels = {0, 1, 1, 0};
        var reports = new java.util.LinkedHashMap<String, Calibration.Report>();
        reports.put("T = 1", Calibration.report(logits, labels, 1, 10));
        reports.put("T = 2", Calibration.report(logits, labels, 2, 10));
        var chart = ReliabilityDiagram.chart("r", reports);
        assertEquals(3, chart.getSeriesMap().values().stream().filter(s -> s.isShowInLegend()).count(),
                "the diagonal and one series per report (with an interval bar per bucket)");
        var first = chart.getSeriesMap().values().stream().skip(1).findFirst().orElseThrow();
        long nonEmpty = reports.get("T = 1").bins().stream().filter(b -> b.count() > 0).count();
        assertEquals(nonEmpty, first.getXData().length);
        var table = ReliabilityDiagram.table("t", reports);
        assertEquals(2, table.rowCount());
        assertEquals(reports.get("T = 2").ece(), table.doubleColumn("ECE").getDouble(1), 0);
        assertEquals(4, java.util.Arrays.stream(table.stringColumn("items per bucket").get(0).split(" "))
                .mapToInt(Integer::parseInt).sum(), "every prediction lands in one bucket");
    }

    @Test
    void theCourseCasesGiveTheirHandComputedScores() {
        // HW1's three cases: every prediction is 1, so an item is correct when its true answer is 1; two buckets of three.
        double[][] conf = {{0.9, 0.9, 0.8, 0.8, 0.7, 0.7}, {0.9, 0.9, 0.9, 0.8, 0.8, 0.7}, {0.9, 0.9, 0.8, 0.8, 0.6, 0.6}};
        boolean[][] right = {{true, false, true, false, true, true}, {true, true, true, false, false, false},
            {true, true, true, true, true, false}};
        // C1: buckets {.9 .9 .8} acc 2/3 conf .8667 and {.8 .7 .7} acc 2/3 conf .7333; the tie at .8 keeps input order
        double[] ece = {0.5 * ((0.8667 - 2 / 3.0) + (0.7333 - 2 / 3.0)), 0.5 * (0.1 + 0.7667), 0.5 * ((1 - 0.8667) + 0)};
        double[] macro = {0.5 * (0.225 + 0.85), 0.5 * (0.1 + 0.7667), 0.5 * (0.2 + 0.6)};
        double[] brier = {1.68 / 6, 1.8 / 6, 0.62 / 6};
        for (int c = 0; c < 3; c++) {
            assertEquals(ece[c], Calibration.eceEqualMass(conf[c], right[c], 2), 1e-3, "ECE C" + (c + 1));
            assertEquals(macro[c], Calibration.macroCe(conf[c], right[c]), 1e-3, "MacroCE C" + (c + 1));
            assertEquals(brier[c], Calibration.brier(conf[c], right[c]), 1e-9, "Brier C" + (c + 1));
        }
        // C3 is the cancellation case: its second bucket (.8 .6 .6, 2 of 3 right) has mean confidence = accuracy
        assertTrue(Calibration.eceEqualMass(conf[2], right[2], 2) < 0.07 && Calibration.macroCe(conf[2], right[2]) > 0.39);
    }

    @Test
    void equalMassBucketsHoldEqualCountsWhereEqualWidthOnesDoNot() {
        // all confidences in [0.9, 1): ten equal-width buckets put everything in one, equal-mass ones split them
        double[] conf = {0.91, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98};
        boolean[] right = {false, false, false, false, true, true, true, true};
        // one bucket: mean conf 0.945, acc 0.5
        assertEquals(0.445, Calibration.ece(conf, right, 10), 1e-9);
        // two equal-mass buckets: {.98 .97 .96 .95} all right, {.94 .93 .92 .91} all wrong
        assertEquals(0.5 * (1 - 0.965) + 0.5 * 0.925, Calibration.eceEqualMass(conf, right, 2), 1e-9);
        assertEquals(Calibration.ece(conf, right, 1), Calibration.eceEqualMass(conf, right, 1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Calibration.eceEqualMass(conf, right, 9));
    }

    @Test
    void temperatureForTheCourseCaseC2FlattensEveryConfidence() {
        double[] conf = {0.9, 0.9, 0.9, 0.8, 0.8, 0.7};
        boolean[] right = {true, true, true, false, false, false};
        // rescaling is monotone and T = 1 is the identity
        assertArrayEquals(conf, Calibration.rescale(conf, 1), 1e-12);
        double t = Calibration.fitTemperature(conf, right);
        // the wrong half is confident too, so the likelihood prefers T > 1: all forecasts move towards 1/2
        assertTrue(t > 1.5, "T = " + t);
        double[] scaled = Calibration.rescale(conf, t);
        for (int n = 0; n < conf.length; n++) assertTrue(Math.abs(scaled[n] - 0.5) < Math.abs(conf[n] - 0.5));
        assertTrue(Calibration.brier(scaled, right) < Calibration.brier(conf, right));
    }

    @Test
    void longFormMacroCeWeighsAnswersNotCriteria() {
        // answer 1: ten criteria, all met at confidence 0.9; answer 2: one criterion, missed at confidence 0.9
        double[] many = new double[10];
        java.util.Arrays.fill(many, 0.9);
        boolean[] allMet = new boolean[10];
        java.util.Arrays.fill(allMet, true);
        double perAnswer = Calibration.macroCeLongForm(List.of(many, new double[] {0.9}), List.of(allMet, new boolean[] {false}));
        assertEquals(0.5 * (0.1 + 0.9), perAnswer, 1e-12);
        // pooled over criteria the same data give 0.5 (0.1 + 0.9) too, but weighted by criteria the miss would count 1/11
        assertEquals(0.1, Calibration.macroCe(many, allMet), 1e-12);
    }
}
