package inferlab.serve.sim;

import inferlab.serve.BatchingEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Checks for HW4's batching exercise. Each check returns "PASS ..." or "FAIL ..." naming the first difference,
 * and never throws.
 */
public final class BatchingExercises {
    private BatchingExercises() {}

    /** A formula for the highest sustainable arrival rate of one continuous-batching server. */
    @FunctionalInterface
    public interface MaxRate {
        double apply(CostModel cost, int maxBatch, int kvTokens, int prompt, int output, int maxTokens);
    }

    /**
     * The student's formula against {@link ColocatedSimulator#maxRate} (one replica) on seeded random cases,
     * some limited by the batch size and some by the KV budget, within 0.1%; then the simulator, fed twice
     * that rate, must not beat the student's answer by more than 2%.
     */
    public static String checkMaxRate(MaxRate student) {
        Random rng = new Random(17);
        for (int trial = 0; trial < 12; trial++) {
            CostModel cost = new CostModel(0.002 + 0.01 * rng.nextDouble(), 1e-4 * rng.nextDouble(),
                    0.002 + 0.01 * rng.nextDouble(), 1e-3 * rng.nextDouble());
            int prompt = 8 + rng.nextInt(120), output = 1 + rng.nextInt(64), maxTokens = output + rng.nextInt(32);
            int maxBatch = 1 + rng.nextInt(32);
            int kvTokens = (prompt + maxTokens) * (1 + rng.nextInt(trial % 2 == 0 ? 4 : 64));
            double expected = ColocatedSimulator.maxRate(cost, 1, maxBatch, kvTokens, prompt, output, maxTokens);
            String what = String.format(Locale.ROOT, "case %d (%s; B = %d, K = %d, p = %d, o = %d, m = %d)",
                    trial, cost, maxBatch, kvTokens, prompt, output, maxTokens);
            double got;
            try {
                got = student.apply(cost, maxBatch, kvTokens, prompt, output, maxTokens);
            } catch (RuntimeException e) {
                return "FAIL " + what + ": threw " + e;
            }
            if (!(Math.abs(got - expected) <= 1e-3 * expected)) {
                return String.format(Locale.ROOT, "FAIL %s: expected %.4f requests/s, got %.4f", what, expected, got);
            }
            if (trial == 0) {
                double simulated = saturated(cost, maxBatch, kvTokens, prompt, output, maxTokens, 2 * got);
                if (simulated > 1.02 * got) {
                    return String.format(Locale.ROOT, "FAIL the simulator served %.4f requests/s, above your bound %.4f", simulated, got);
                }
            }
        }
        return "PASS 12 cases match the closed form, and the simulator stays under it";
    }

    /** Throughput of one simulated continuous-batching server offered {@code rate} requests/s of one shape. */
    static double saturated(CostModel cost, int maxBatch, int kvTokens, int prompt, int output, int maxTokens, double rate) {
        List<SimRequest> requests = new ArrayList<>();
        for (int i = 0; i < 400; i++) requests.add(new SimRequest(i / rate, prompt, output, maxTokens));
        return new ColocatedSimulator(cost, BatchingEngine.Mode.CONTINUOUS, 1, maxBatch, kvTokens).run(requests).throughput();
    }
}
