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

    /** One case of the check: what it tests, and the arguments. */
    record Case(String what, CostModel cost, int maxBatch, int kvTokens, int prompt, int output, int maxTokens) {}

    /**
     * Edge cases a formula gets wrong in characteristic ways: memory and the batch cap binding at once (and the
     * KV budget one token short of that), memory reserved for {@code max_tokens} rather than for the output,
     * a request that is all prefill (one output token), and a budget that holds exactly one request.
     */
    static List<Case> edgeCases() {
        CostModel c = new CostModel(0.01, 1e-4, 0.004, 5e-4);
        return List.of(
                new Case("KV budget exactly B (p + m): both limits bind", c, 8, 8 * (40 + 24), 40, 20, 24),
                new Case("KV budget one token short of B (p + m): memory binds, N = B - 1", c, 8, 8 * (40 + 24) - 1, 40, 20, 24),
                new Case("max_tokens m far above the output: memory is reserved for p + m, not p + o", c, 16,
                        16 * (30 + 20), 30, 20, 100),
                new Case("one output token: the request is all prefill, no decode step", c, 4, 1000, 64, 1, 1),
                new Case("room for exactly one request: no batching at all", c, 32, 50 + 30, 50, 25, 30));
    }

    /**
     * The student's formula against {@link ColocatedSimulator#maxRate} (one replica) on the edge cases above and
     * on seeded random cases, some limited by the batch size and some by the KV budget, within 0.1%; on every
     * edge case and the first random one, the simulator, fed twice that rate, must serve at least 95% of the
     * student's answer (the bound is reachable) and no more than 102% (it is a bound).
     */
    public static String checkMaxRate(MaxRate student) {
        List<Case> cases = new ArrayList<>(edgeCases());
        int edges = cases.size();
        Random rng = new Random(17);
        for (int trial = 0; trial < 12; trial++) {
            CostModel cost = new CostModel(0.002 + 0.01 * rng.nextDouble(), 1e-4 * rng.nextDouble(),
                    0.002 + 0.01 * rng.nextDouble(), 1e-3 * rng.nextDouble());
            int prompt = 8 + rng.nextInt(120), output = 1 + rng.nextInt(64), maxTokens = output + rng.nextInt(32);
            int maxBatch = 1 + rng.nextInt(32);
            int kvTokens = (prompt + maxTokens) * (1 + rng.nextInt(trial % 2 == 0 ? 4 : 64));
            cases.add(new Case("random case " + trial, cost, maxBatch, kvTokens, prompt, output, maxTokens));
        }
        for (int i = 0; i < cases.size(); i++) {
            Case k = cases.get(i);
            double expected = ColocatedSimulator.maxRate(k.cost, 1, k.maxBatch, k.kvTokens, k.prompt, k.output, k.maxTokens);
            String what = String.format(Locale.ROOT, "%s (%s; B = %d, K = %d, p = %d, o = %d, m = %d)",
                    k.what, k.cost, k.maxBatch, k.kvTokens, k.prompt, k.output, k.maxTokens);
            double got;
            try {
                got = student.apply(k.cost, k.maxBatch, k.kvTokens, k.prompt, k.output, k.maxTokens);
            } catch (RuntimeException e) {
                return "FAIL " + what + ": threw " + e;
            }
            if (!(Math.abs(got - expected) <= 1e-3 * expected)) {
                return String.format(Locale.ROOT, "FAIL %s: expected %.4f requests/s, got %.4f", what, expected, got);
            }
            if (i <= edges) {
                double simulated = saturated(k.cost, k.maxBatch, k.kvTokens, k.prompt, k.output, k.maxTokens, 2 * got);
                if (simulated > 1.02 * got || simulated < 0.95 * got) {
                    return String.format(Locale.ROOT, "FAIL %s: offered twice your rate, the simulator served %.4f"
                            + " requests/s against your %.4f", what, simulated, got);
                }
            }
        }
        return "PASS " + cases.size() + " cases (" + edges + " edge cases) match the closed form, and the simulator"
                + " reaches it without exceeding it";
    }

    /** Throughput of one simulated continuous-batching server offered {@code rate} requests/s of one shape. */
    static double saturated(CostModel cost, int maxBatch, int kvTokens, int prompt, int output, int maxTokens, double rate) {
        List<SimRequest> requests = new ArrayList<>();
        for (int i = 0; i < 400; i++) requests.add(new SimRequest(i / rate, prompt, output, maxTokens));
        return new ColocatedSimulator(cost, BatchingEngine.Mode.CONTINUOUS, 1, maxBatch, kvTokens).run(requests).throughput();
    }
}
