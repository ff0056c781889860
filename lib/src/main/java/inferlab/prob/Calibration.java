package inferlab.prob;

import java.util.ArrayList;
import java.util.List;

/**
 * Is a model's confidence its accuracy? For N predictions with confidence c_n (probability of the predicted
 * class) and correctness y_n in {0, 1}:
 *
 * <ul>
 *   <li>Reliability diagram: split [0, 1] into B equal-width buckets; per bucket b, acc(b) vs conf(b).</li>
 *   <li>ECE = sum_b |b|/N · |acc(b) - conf(b)|. Errors in opposite directions inside one bucket cancel:
 *       an over-confident and an under-confident item can average to a perfectly calibrated bucket.</li>
 *   <li>MacroCE (Si et al. 2022) = (ICE+ + ICE-)/2 with ICE+ = mean over correct items of (1 - c_n) and
 *       ICE- = mean over wrong items of c_n: instance-level, no buckets, so nothing cancels.</li>
 *   <li>Brier score = 1/N sum_n sum_k (p_nk - [k = label_n])^2, a proper scoring rule over the whole
 *       distribution.</li>
 *   <li>Temperature scaling (Guo et al. 2017): divide logits by one T &gt; 0 fitted on held-out data to
 *       minimise NLL(T) = -1/N sum_n log softmax(z_n / T)_{label_n}. It never changes the argmax, so accuracy
 *       is unchanged. NLL is convex in 1/T, so a golden-section search over log T finds the minimum.</li>
 * </ul>
 */
public final class Calibration {
    private Calibration() {}

    /** One bucket of a reliability diagram: [lower, upper), its item count, mean confidence and accuracy. */
    public record Bin(double lower, double upper, int count, double confidence, double accuracy) {
        /** |accuracy - confidence|, the bucket's calibration gap (0 when empty). */
        public double gap() {
            return count == 0 ? 0 : Math.abs(accuracy - confidence);
        }
    }

    /** Calibration of one set of predictions at temperature T. */
    public record Report(double temperature, List<Bin> bins, double ece, double macroCe, double nll, double brier,
            double accuracy) {}

    /** Everything about predictions (logits, labels) at temperature T, with B equal-width buckets. */
    public static Report report(float[][] logits, int[] labels, double temperature, int buckets) {
        double[] conf = confidences(logits, temperature);
        boolean[] correct = correct(logits, labels);
        int right = 0;
        for (boolean c : correct) if (c) right++;
        return new Report(temperature, reliability(conf, correct, buckets), ece(conf, correct, buckets),
                macroCe(conf, correct), nll(logits, labels, temperature), brier(logits, labels, temperature),
                (double) right / labels.length);
    }

    /** Reliability-diagram bins: B equal-width buckets; confidence 1 falls in the last one. */
    public static List<Bin> reliability(double[] confidence, boolean[] correct, int buckets) {
        check(confidence, correct);
        if (buckets < 1) throw new IllegalArgumentException("need at least one bucket, got " + buckets);
        int[] count = new int[buckets];
        double[] conf = new double[buckets];
        double[] acc = new double[buckets];
        for (int n = 0; n < confidence.length; n++) {
            int b = Math.min(buckets - 1, (int) (confidence[n] * buckets));
            count[b]++;
            conf[b] += confidence[n];
            if (correct[n]) acc[b]++;
        }
        List<Bin> bins = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            int c = count[b];
            bins.add(new Bin((double) b / buckets, (double) (b + 1) / buckets, c,
                    c == 0 ? 0 : conf[b] / c, c == 0 ? 0 : acc[b] / c));
        }
        return bins;
    }

    /** Expected calibration error over B equal-width buckets. */
    public static double ece(double[] confidence, boolean[] correct, int buckets) {
        double e = 0;
        for (Bin b : reliability(confidence, correct, buckets)) e += (double) b.count() / confidence.length * b.gap();
        return e;
    }

    /**
     * ECE over B equal-mass buckets, the bucketing of the course's HW1: items in order of decreasing confidence
     * (ties keep their input order), cut into B contiguous groups of (nearly) equal size, item n going to group
     * floor(n B / N). Each bucket then holds the same number of items however the confidences cluster.
     */
    public static double eceEqualMass(double[] confidence, boolean[] correct, int buckets) {
        check(confidence, correct);
        if (buckets < 1 || buckets > confidence.length) {
            throw new IllegalArgumentException("need 1 <= buckets <= " + confidence.length + ", got " + buckets);
        }
        Integer[] order = new Integer[confidence.length];
        for (int n = 0; n < order.length; n++) order[n] = n;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(confidence[b], confidence[a]));
        double[] conf = new double[buckets], acc = new double[buckets];
        int[] count = new int[buckets];
        for (int r = 0; r < order.length; r++) {
            int b = (int) ((long) r * buckets / order.length);
            count[b]++;
            conf[b] += confidence[order[r]];
            if (correct[order[r]]) acc[b]++;
        }
        double e = 0;
        for (int b = 0; b < buckets; b++) e += Math.abs(acc[b] - conf[b]) / confidence.length;
        return e;
    }

    /**
     * MacroCE for long-form answers judged criterion by criterion: answer a has confidences c_aj that its
     * criteria j hold and a judge's verdicts y_aj. Each answer gets its own MacroCE over its criteria, and the
     * answers are averaged, so an answer with many criteria weighs as much as one with few:
     * LongMacroCE = 1/A sum_a MacroCE({c_aj}, {y_aj}).
     */
    public static double macroCeLongForm(List<double[]> confidence, List<boolean[]> verdicts) {
        if (confidence.size() != verdicts.size() || confidence.isEmpty()) {
            throw new IllegalArgumentException(confidence.size() + " answers' confidences, " + verdicts.size() + " answers' verdicts");
        }
        double sum = 0;
        for (int a = 0; a < confidence.size(); a++) sum += macroCe(confidence.get(a), verdicts.get(a));
        return sum / confidence.size();
    }

    /**
     * The temperature that minimises the negative log-likelihood of correctness forecasts c_n rescaled as
     * sigma(logit(c_n) / T), i.e. softmax([log c, log(1 - c)] / T): {@link #fitTemperature(float[][], int[])}
     * on two-class logits.
     */
    public static double fitTemperature(double[] confidence, boolean[] correct) {
        check(confidence, correct);
        float[][] logits = new float[confidence.length][];
        int[] labels = new int[confidence.length];
        for (int n = 0; n < confidence.length; n++) {
            logits[n] = new float[] {(float) Math.log(confidence[n]), (float) Math.log1p(-confidence[n])};
            labels[n] = correct[n] ? 0 : 1;
        }
        return fitTemperature(logits, labels);
    }

    /** Confidences rescaled at temperature T: sigma(logit(c) / T); T &gt; 1 pulls them towards 1/2. */
    public static double[] rescale(double[] confidence, double temperature) {
        double[] out = new double[confidence.length];
        for (int n = 0; n < out.length; n++) {
            double z = (Math.log(confidence[n]) - Math.log1p(-confidence[n])) / temperature;
            out[n] = 1 / (1 + Math.exp(-z));
        }
        return out;
    }

    /** Brier score of confidences as forecasts of correctness: 1/N sum_n (c_n - y_n)^2. */
    public static double brier(double[] confidence, boolean[] correct) {
        check(confidence, correct);
        double s = 0;
        for (int n = 0; n < confidence.length; n++) {
            double d = confidence[n] - (correct[n] ? 1 : 0);
            s += d * d;
        }
        return s / confidence.length;
    }

    /** Macro-average calibration error: mean of (1 - c) over correct items and of c over wrong items, averaged. */
    public static double macroCe(double[] confidence, boolean[] correct) {
        check(confidence, correct);
        double pos = 0, neg = 0;
        int nPos = 0, nNeg = 0;
        for (int n = 0; n < confidence.length; n++) {
            if (correct[n]) {
                pos += 1 - confidence[n];
                nPos++;
            } else {
                neg += confidence[n];
                nNeg++;
            }
        }
        if (nPos == 0) return neg / nNeg;
        if (nNeg == 0) return pos / nPos;
        return 0.5 * (pos / nPos + neg / nNeg);
    }

    /** Brier score of softmax(logits / T) against the labels. */
    public static double brier(float[][] logits, int[] labels, double temperature) {
        check(logits, labels);
        double s = 0;
        for (int n = 0; n < logits.length; n++) {
            double[] p = probs(logits[n], temperature);
            for (int k = 0; k < p.length; k++) {
                double d = p[k] - (k == labels[n] ? 1 : 0);
                s += d * d;
            }
        }
        return s / logits.length;
    }

    /** Confidence of each prediction: max_k softmax(z_n / T)_k. */
    public static double[] confidences(float[][] logits, double temperature) {
        double[] c = new double[logits.length];
        for (int n = 0; n < logits.length; n++) {
            double[] p = probs(logits[n], temperature);
            c[n] = p[TopK.argmax(p)];
        }
        return c;
    }

    /** Whether each argmax prediction equals its label (independent of T). */
    public static boolean[] correct(float[][] logits, int[] labels) {
        check(logits, labels);
        boolean[] y = new boolean[logits.length];
        for (int n = 0; n < logits.length; n++) y[n] = TopK.argmax(logits[n]) == labels[n];
        return y;
    }

    /** Mean negative log-likelihood -1/N sum_n log softmax(z_n / T)_{label_n}, in nats. */
    public static double nll(float[][] logits, int[] labels, double temperature) {
        check(logits, labels);
        double s = 0;
        for (int n = 0; n < logits.length; n++) {
            float[] scaled = scale(logits[n], temperature);
            s += Softmax.logSumExp(scaled) - scaled[labels[n]];
        }
        return s / logits.length;
    }

    /** The temperature in [0.05, 20] minimising held-out NLL, by golden-section search on log T. */
    public static double fitTemperature(float[][] logits, int[] labels) {
        double lo = Math.log(0.05), hi = Math.log(20);
        double r = (Math.sqrt(5) - 1) / 2;
        double a = hi - r * (hi - lo), b = lo + r * (hi - lo);
        double fa = nll(logits, labels, Math.exp(a)), fb = nll(logits, labels, Math.exp(b));
        while (hi - lo > 1e-5) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - r * (hi - lo);
                fa = nll(logits, labels, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + r * (hi - lo);
                fb = nll(logits, labels, Math.exp(b));
            }
        }
        return Math.exp(0.5 * (lo + hi));
    }

    private static float[] scale(float[] z, double temperature) {
        float[] s = new float[z.length];
        for (int k = 0; k < z.length; k++) s[k] = (float) (z[k] / temperature);
        return s;
    }

    private static double[] probs(float[] z, double temperature) {
        float[] p = Softmax.softmax(scale(z, temperature));
        return Entropy.toDouble(p);
    }

    private static void check(double[] confidence, boolean[] correct) {
        if (confidence.length != correct.length || confidence.length == 0) {
            throw new IllegalArgumentException(confidence.length + " confidences, " + correct.length + " outcomes");
        }
    }

    private static void check(float[][] logits, int[] labels) {
        if (logits.length != labels.length || logits.length == 0) {
            throw new IllegalArgumentException(logits.length + " logit rows, " + labels.length + " labels");
        }
    }
}
