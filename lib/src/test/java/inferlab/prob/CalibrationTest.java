package inferlab.prob;

import static org.junit.jupiter.api.Assertions.*;

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
        assertEquals(3, chart.getSeriesMap().size(), "the diagonal and one series per report");
        var first = chart.getSeriesMap().values().stream().skip(1).findFirst().orElseThrow();
        long nonEmpty = reports.get("T = 1").bins().stream().filter(b -> b.count() > 0).count();
        assertEquals(nonEmpty, first.getXData().length);
        var table = ReliabilityDiagram.table("t", reports);
        assertEquals(2, table.rowCount());
        assertEquals(reports.get("T = 2").ece(), table.doubleColumn("ECE").getDouble(1), 0);
        assertEquals(4, java.util.Arrays.stream(table.stringColumn("items per bucket").get(0).split(" "))
                .mapToInt(Integer::parseInt).sum(), "every prediction lands in one bucket");
    }
}
