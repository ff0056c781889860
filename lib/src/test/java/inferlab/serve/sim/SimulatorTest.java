package inferlab.serve.sim;

import static org.junit.jupiter.api.Assertions.*;

import inferlab.serve.BatchingEngine;
import inferlab.task.PoissonSchedule;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The simulators on cases small enough to work out by hand, and on long runs against queueing laws. */
class SimulatorTest {

    // prefill(10) = 0.02 s, step(1) = 0.025 s, step(2) = 0.03 s
    static final CostModel COST = new CostModel(0.01, 0.001, 0.02, 0.005);
    static final int BIG = 1 << 20;

    static ColocatedSimulator colocated(BatchingEngine.Mode mode, int maxBatch, int kv) {
        return new ColocatedSimulator(COST, mode, 1, maxBatch, kv);
    }

    @Test
    void oneRequestTakesOnePrefillAndOneStepPerLaterToken() {
        var r = List.of(new SimRequest(1.0, 10, 5, 8));
        var c = colocated(BatchingEngine.Mode.CONTINUOUS, 4, BIG).run(r).requests().get(0);
        assertEquals(0.02, c.ttft(), 1e-12);
        assertEquals(0.02 + 4 * 0.025, c.latency(), 1e-12);
        assertEquals(0.025, c.tpot(), 1e-12);
        var d = new DisaggregatedSimulator(COST, 1, 1, 4, BIG, 1e-4).run(r).requests().get(0);
        assertEquals(0.02, d.ttft(), 1e-12);
        assertEquals(0.02 + 10 * 1e-4 + 4 * 0.025, d.latency(), 1e-12);
        // one output token: the prefill alone
        assertEquals(0.02, colocated(BatchingEngine.Mode.STATIC, 1, BIG).run(List.of(new SimRequest(0, 10, 1, 1)))
                .requests().get(0).latency(), 1e-12);
    }

    @Test
    void twoAtOnceShareTheDecodeStepsWhenBothFit() {
        var both = List.of(new SimRequest(0, 10, 5, 5), new SimRequest(0, 10, 5, 5));
        var res = colocated(BatchingEngine.Mode.CONTINUOUS, 2, 30).run(both);
        for (var t : res.requests()) {
            assertEquals(0.04, t.ttft(), 1e-12); // both prefills come first
            assertEquals(0.04 + 4 * 0.03, t.latency(), 1e-12);
        }
    }

    @Test
    void theSecondWaitsWhenTheKvCacheHoldsOnlyOne() {
        var both = List.of(new SimRequest(0, 10, 5, 5), new SimRequest(0, 10, 5, 5));
        double alone = 0.02 + 4 * 0.025;
        // 15 KV tokens fit one request of 10 + 5 although the batch has room for two
        var c = colocated(BatchingEngine.Mode.CONTINUOUS, 2, 15).run(both).requests();
        assertEquals(alone, c.get(0).latency(), 1e-12);
        assertEquals(alone, c.get(1).waiting(), 1e-12);
        assertEquals(2 * alone, c.get(1).latency(), 1e-12);
        // disaggregated: the second prefill overlaps the first decode, then waits for its KV room
        var d = new DisaggregatedSimulator(COST, 1, 1, 2, 15, 0).run(both).requests();
        assertEquals(alone, d.get(0).latency(), 1e-12);
        assertEquals(0.04, d.get(1).ttft(), 1e-12);
        assertEquals(alone + 4 * 0.025, d.get(1).latency(), 1e-12);
    }

    @Test
    void aNewcomersPrefillStallsColocatedDecodingButNotDisaggregated() {
        var reqs = List.of(new SimRequest(0, 10, 5, 5), new SimRequest(0.03, 10, 2, 5));
        // colocated: the first request's steps at 0.02..0.045 and 0.045..0.075; the second's prefill (0.02) slips in before its third token
        var c = colocated(BatchingEngine.Mode.CONTINUOUS, 2, BIG).run(reqs).requests().get(0);
        var d = new DisaggregatedSimulator(COST, 1, 1, 2, BIG, 0).run(reqs).requests().get(0);
        assertEquals(0.025, d.tpot(), 0.005 + 1e-12); // the decode server only ever steps at batch 1 or 2
        assertTrue(c.tpot() > d.tpot() + 0.004, c.tpot() + " vs " + d.tpot());
    }

    @Test
    void staticBatchingMakesALateShortRequestWaitForTheLongest() {
        var reqs = List.of(new SimRequest(0, 10, 20, 20), new SimRequest(0.05, 10, 2, 20));
        double st = colocated(BatchingEngine.Mode.STATIC, 8, BIG).run(reqs).requests().get(1).latency();
        double co = colocated(BatchingEngine.Mode.CONTINUOUS, 8, BIG).run(reqs).requests().get(1).latency();
        double longDone = 0.02 + 19 * 0.025;
        assertEquals(longDone - 0.05 + 0.02 + 0.025, st, 1e-12); // starts only when the long one is done
        assertTrue(co < 0.1, "continuous admits it at the next step: " + co);
    }

    @Test
    void throughputNeverExceedsTheServiceRateAndReachesItUnderOverload() {
        int p = 40, o = 16, m = 24, batch = 8, kv = 3 * (p + m);
        double colo = ColocatedSimulator.maxRate(COST, 1, batch, kv, p, o, m);
        double dis = DisaggregatedSimulator.maxRate(COST, 1, 1, batch, kv, p, o, m);
        assertEquals(1 / (COST.prefill(p) + (o - 1) * COST.step(3) / 3), colo, 1e-12); // KV-bound: N = 3
        for (double load : new double[] {0.5, 1, 3, 100}) {
            var reqs = SimRequest.onSchedule(PoissonSchedule.of(load * colo, 4, 600, new Random(3)), i -> p, i -> o, m);
            double x = colocated(BatchingEngine.Mode.CONTINUOUS, batch, kv).run(reqs).throughput();
            assertTrue(x <= colo * (1 + 1e-9), load + "x: " + x + " > " + colo);
            double y = new DisaggregatedSimulator(COST, 1, 1, batch, kv, 0).run(reqs).throughput();
            assertTrue(y <= dis * (1 + 1e-9), load + "x: " + y + " > " + dis);
            if (load >= 3) {
                assertEquals(colo, x, 0.05 * colo, load + "x");
                assertEquals(dis, y, 0.05 * dis, load + "x");
            }
        }
    }

    @Test
    void littlesLawHoldsOnALongRun() {
        Random rng = new Random(5);
        var reqs = SimRequest.onSchedule(PoissonSchedule.of(9, 8, 4000, new Random(7)),
                i -> 5 + rng.nextInt(100), i -> 1 + rng.nextInt(32), 32);
        for (SimResult r : List.of(colocated(BatchingEngine.Mode.CONTINUOUS, 16, 2000).run(reqs),
                colocated(BatchingEngine.Mode.STATIC, 16, BIG).run(reqs),
                new ColocatedSimulator(COST, BatchingEngine.Mode.CONTINUOUS, 2, 4, 400).run(reqs),
                new DisaggregatedSimulator(COST, 1, 2, 8, 1000, 1e-4).run(reqs))) {
            assertEquals(4000, r.requests().size());
            assertTrue(r.meanInSystem() > 1, "a loaded system: L = " + r.meanInSystem());
            assertEquals(r.throughput() * r.meanLatency(), r.meanInSystem(), 0.01 * r.meanInSystem());
            assertEquals(r.throughput() * r.meanWaiting(), r.meanQueued(), 0.01 * r.meanQueued() + 1e-9);
        }
    }

    @Test
    void moreKvMemoryAdmitsMoreAndServesFasterUntilTheBatchCapBinds() {
        var reqs = SimRequest.onSchedule(PoissonSchedule.of(200, 8, 500, new Random(9)), i -> 30, i -> 10, 20);
        double last = 0;
        for (int slots : new int[] {1, 2, 4, 8, 16}) {
            double x = colocated(BatchingEngine.Mode.CONTINUOUS, 8, slots * 50).run(reqs).throughput();
            if (slots <= 8) assertTrue(x > last * 1.05, slots + " slots: " + x + " vs " + last);
            else assertEquals(last, x, 1e-9); // the batch cap of 8 binds, not the memory
            last = x;
        }
    }

    @Test
    void aResampledTraceHoldsTheStateAtEachTime() {
        var both = List.of(new SimRequest(0, 10, 5, 5), new SimRequest(0, 10, 5, 5));
        var r = colocated(BatchingEngine.Mode.CONTINUOUS, 2, 15).run(both); // the second waits 0.12 s, ends at 0.24 s
        var s = r.resample(5); // t = 0, 0.06, 0.12, 0.18, 0.24
        assertEquals(5, s.size());
        assertEquals(0.24, s.get(4).time(), 1e-12);
        assertEquals(1, s.get(1).prefillQueue());
        assertEquals(1, s.get(1).inService());
        assertEquals(0, s.get(3).prefillQueue());
        assertEquals(1, s.get(3).inService());
        assertEquals(0, s.get(4).inSystem());
        assertThrows(IllegalArgumentException.class, () -> r.resample(1));
    }

    @Test
    void kvTokensFromBytes() {
        var shape = inferlab.hardware.ModelShape.LLAMA3_8B; // 2 · 32 · 8 · 128 · 2 bytes = 128 KiB per token
        assertEquals(8192, KvBudget.tokens(shape, 1L << 30, 2));
        assertThrows(IllegalArgumentException.class, () -> KvBudget.tokens(shape, 0, 2));
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CostModel(-1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new CostModel(0, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SimRequest(0, 10, 9, 8));
        assertThrows(IllegalArgumentException.class, () -> new SimRequest(-1, 10, 1, 8));
        assertThrows(IllegalArgumentException.class, () -> new SimRequest(0, 0, 1, 8));
        assertThrows(IllegalArgumentException.class, () -> colocated(BatchingEngine.Mode.CONTINUOUS, 0, BIG));
        assertThrows(IllegalArgumentException.class, () -> new ColocatedSimulator(COST, BatchingEngine.Mode.STATIC, 0, 1, BIG));
        assertThrows(IllegalArgumentException.class, () -> new DisaggregatedSimulator(COST, 0, 1, 1, BIG, 0));
        assertThrows(IllegalArgumentException.class, () -> new DisaggregatedSimulator(COST, 1, 1, 1, BIG, -1));
        var tooBig = List.of(new SimRequest(0, 10, 5, 8));
        assertThrows(IllegalArgumentException.class, () -> colocated(BatchingEngine.Mode.CONTINUOUS, 1, 17).run(tooBig));
        assertThrows(IllegalArgumentException.class, () -> new DisaggregatedSimulator(COST, 1, 1, 1, 17, 0).run(tooBig));
        assertThrows(IllegalArgumentException.class, () -> ColocatedSimulator.maxRate(COST, 1, 4, 17, 10, 5, 8));
        assertThrows(IllegalArgumentException.class, () -> ColocatedSimulator.maxRate(COST, 1, 4, BIG, 10, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> ColocatedSimulator.maxRate(COST, 0, 4, BIG, 10, 5, 8));
        assertThrows(IllegalArgumentException.class, () -> DisaggregatedSimulator.maxRate(COST, 1, 1, 4, BIG, 10, 9, 8));
        assertThrows(IllegalArgumentException.class, () -> KvBudget.tokens(inferlab.hardware.ModelShape.LLAMA3_8B, 1 << 30, 0));
    }

    @Test
    void theExerciseCheckerPassesTheClosedFormAndFailsAWrongOne() {
        assertTrue(BatchingExercises.checkMaxRate((c, b, k, p, o, m) -> ColocatedSimulator.maxRate(c, 1, b, k, p, o, m)).startsWith("PASS"));
        // forgetting the KV budget overestimates the rate whenever memory binds
        assertTrue(BatchingExercises.checkMaxRate((c, b, k, p, o, m) -> 1 / (c.prefill(p) + (o - 1) * c.step(b) / b)).startsWith("FAIL"));
        assertTrue(BatchingExercises.checkMaxRate((c, b, k, p, o, m) -> { throw new IllegalStateException("todo"); }).startsWith("FAIL"));
        // the edge cases catch, before any random case, reserving p + o instead of p + m and rounding K / (p + m) up
        String pPlusO = BatchingExercises.checkMaxRate((c, b, k, p, o, m) -> {
            int n = Math.min(b, k / (p + o));
            return 1 / (c.prefill(p) + (o - 1) * c.step(n) / n);
        });
        assertTrue(pPlusO.startsWith("FAIL KV budget one token short"), pPlusO);
        String roundedUp = BatchingExercises.checkMaxRate((c, b, k, p, o, m) -> {
            int n = Math.min(b, (int) Math.ceil(k / (double) (p + m)));
            return 1 / (c.prefill(p) + (o - 1) * c.step(n) / n);
        });
        assertTrue(roundedUp.startsWith("FAIL KV budget one token short"), roundedUp);
    }

    @Test
    void theSimulatorReachesTheClosedFormOnEveryEdgeCase() {
        for (var k : BatchingExercises.edgeCases()) {
            double bound = ColocatedSimulator.maxRate(k.cost(), 1, k.maxBatch(), k.kvTokens(), k.prompt(), k.output(), k.maxTokens());
            double served = BatchingExercises.saturated(k.cost(), k.maxBatch(), k.kvTokens(), k.prompt(), k.output(), k.maxTokens(), 2 * bound);
            assertEquals(bound, served, 0.05 * bound, k.what());
        }
    }

    @Test
    void aLineFitRecoversItsConstants() {
        double[] f = CostModelFit.fit(new int[] {1, 2, 4, 8}, new double[] {0.3, 0.5, 0.9, 1.7});
        assertEquals(0.1, f[0], 1e-12);
        assertEquals(0.2, f[1], 1e-12);
        assertEquals(0, CostModelFit.fit(new int[] {1, 2}, new double[] {1, 0.5})[1]); // a falling line is clamped flat
        assertThrows(IllegalArgumentException.class, () -> CostModelFit.fit(new int[] {3, 3}, new double[] {1, 2}));
    }
}
