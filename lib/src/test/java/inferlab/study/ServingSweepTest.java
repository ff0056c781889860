package inferlab.study;

import static org.junit.jupiter.api.Assertions.*;

import inferlab.model.Transformer;
import inferlab.serve.BatchingEngine;
import inferlab.serve.sim.CostModelFit;
import inferlab.serve.sim.SimRequest;
import inferlab.task.SharedTask;
import inferlab.task.SharedTaskResult;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The real serving path under Poisson load, on the tiny Llama over loopback HTTP. */
class ServingSweepTest {

    @Test
    void bothModesServeTheWholeStreamAndTheRunReplaysIntoTheSimulator() {
        try (Transformer model = inferlab.Fixtures.tinyLlamaWithTokenizer()) {
            SharedTask task = SharedTask.load("validation", 2, false, 3);
            var load = new SharedTaskResult.Load(1, 3, 8, 60, 6, 4);
            var rows = ServingSweep.run(model, task, List.of(BatchingEngine.Mode.STATIC, BatchingEngine.Mode.CONTINUOUS),
                    new double[] {20}, 4, load);
            assertEquals(2, rows.size());
            assertEquals(BatchingEngine.Mode.STATIC, rows.get(0).mode());
            for (var r : rows) {
                assertEquals(20, r.rate());
                assertEquals(task.items().size(), r.served(), r.run().requests().toString());
                assertTrue(r.throughput() > 0 && r.tokensPerSecond() >= r.throughput(), r.toString());
                assertTrue(r.p99() >= r.p50() && r.p50() > 0);
                var replay = SimRequest.replay(r.run());
                assertEquals(task.items().size(), replay.size());
                assertTrue(replay.stream().allMatch(q -> q.maxTokens() == 6 && q.outputTokens() <= 6));
            }
            assertThrows(IllegalArgumentException.class,
                    () -> ServingSweep.run(model, task, List.of(BatchingEngine.Mode.STATIC), new double[0], 4, load));

            var cal = CostModelFit.measure(model, new int[] {4, 32}, new int[] {1, 4}, 8, 2, new Random(1));
            assertEquals(2, cal.prefillSeconds().length);
            assertTrue(cal.cost().prefill(32) > 0 && cal.cost().step(4) > 0, cal.cost().toString());
        }
    }

    @Test
    void aPromptTheModelCannotHoldFailsAloneAndTheEngineServesOn() {
        try (Transformer model = inferlab.Fixtures.tinyLlamaWithTokenizer();
             BatchingEngine engine = new BatchingEngine(model, "tiny", BatchingEngine.Mode.CONTINUOUS, 4, 100_000)) {
            String huge = "the nation ".repeat(400); // far beyond the 256 positions of the tiny Llama
            assertThrows(RuntimeException.class, () -> engine.complete(inferlab.model.CompletionRequest.greedy(huge, 2)));
            var next = assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> engine.complete(inferlab.model.CompletionRequest.greedy("The nation is", 3)));
            assertEquals(3, next.completionTokens());
        }
    }
}
