package inferlab.speculative;

import inferlab.decode.SamplingParams;
import inferlab.prob.Softmax;
import inferlab.prob.TopK;

import java.util.random.RandomGenerator;

/** The few sampling primitives speculative decoding needs, on float arrays. */
public final class Sampling {
    private Sampling() {}

    /** softmax(logits / temperature). */
    static float[] probabilities(float[] logits, double temperature) {
        float[] scaled = new float[logits.length];
        for (int i = 0; i < logits.length; i++) scaled[i] = (float) (logits[i] / temperature);
        return Softmax.softmax(scaled);
    }

    /** A plain decoding step's choice of token: the argmax when greedy ({@link SamplingParams#greedy}), else a draw from softmax(logits / T). */
    public static int next(float[] logits, double temperature, RandomGenerator rng) {
        return SamplingParams.greedy(temperature) ? TopK.argmax(logits) : sample(probabilities(logits, temperature), rng);
    }

    /** Inverse-CDF draw from {@code p}, which need not sum to exactly 1. */
    static int sample(float[] p, RandomGenerator rng) {
        double total = 0;
        for (float v : p) total += v;
        double u = rng.nextDouble() * total, acc = 0;
        int last = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] <= 0) continue;
            acc += p[i];
            last = i;
            if (u < acc) return i;
        }
        return last; // rounding left u at the very top
    }
}
