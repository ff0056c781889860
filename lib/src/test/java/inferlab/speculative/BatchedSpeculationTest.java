package inferlab.speculative;

import inferlab.hardware.Hardware;
import inferlab.hardware.ModelShape;
import inferlab.hardware.Roofline;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class BatchedSpeculationTest {

    /** Mean over rounds of the tokens a sequence emits, ragged (its own) and aligned (the batch's minimum). */
    static double[] simulate(double alpha, int gamma, int batch, int rounds, Random rng) {
        double ragged = 0, aligned = 0;
        for (int r = 0; r < rounds; r++) {
            int min = Integer.MAX_VALUE;
            for (int i = 0; i < batch; i++) {
                int e = 1;
                while (e <= gamma && rng.nextDouble() < alpha) e++;
                ragged += e;
                min = Math.min(min, e);
            }
            aligned += min;
        }
        return new double[] {ragged / ((double) rounds * batch), aligned / rounds};
    }

    @Test
    void closedFormsMatchASimulatedBatch() {
        Random rng = new Random(4);
        for (int batch : new int[] {1, 4, 16}) {
            for (double alpha : new double[] {0.5, 0.8}) {
                double[] sim = simulate(alpha, 5, batch, 40000, rng);
                assertEquals(BatchedSpeculation.raggedTokensPerRound(alpha, 5), sim[0], 0.03);
                assertEquals(BatchedSpeculation.alignedTokensPerRound(alpha, 5, batch), sim[1], 0.03);
            }
        }
        assertEquals(BatchedSpeculation.raggedTokensPerRound(0.7, 3), BatchedSpeculation.alignedTokensPerRound(0.7, 3, 1), 0);
        // alpha 0.8, gamma 5, 16 sequences in lockstep: alpha^16 = 0.028, barely more than one token per round
        assertTrue(BatchedSpeculation.alignedTokensPerRound(0.8, 5, 16) < 1.03);
    }

    @Test
    void verificationIsNearlyFreeWhileMemoryBoundAndNotBeyondTheRidge() {
        Roofline l40s = new Roofline(Hardware.L40S);
        ModelShape t = ModelShape.QWEN3_8B, d = ModelShape.QWEN3_0_6B;
        var one = l40s.decodeStep(t, 1, 512);
        var verify = l40s.verifyStep(t, 1, 512, 4);
        assertEquals(l40s.verifyStep(t, 1, 512, 1).seconds(), one.seconds(), 0.0);
        assertTrue(verify.seconds() < 1.01 * one.seconds(), "batch 1: weights dominate the bytes");
        double omega = BatchedSpeculation.raggedTokensPerRound(0.8, 3);
        double small = BatchedSpeculation.predictedSpeedup(l40s, t, d, 1, 512, 3, omega);
        double large = BatchedSpeculation.predictedSpeedup(l40s, t, d, 512, 512, 3, omega);
        assertTrue(small > 1.5, "memory-bound: " + small);
        assertTrue(large < 1, "verification past the ridge, and the draft's own cache reads: " + large);
        for (int b = 1; b <= 256; b *= 2) {
            assertTrue(BatchedSpeculation.predictedSpeedup(l40s, t, d, b, 512, 3, omega)
                    >= BatchedSpeculation.predictedSpeedup(l40s, t, d, b, 512, 3,
                    BatchedSpeculation.alignedTokensPerRound(0.8, 3, b)), "ragged never loses to lockstep, batch " + b);
        }
    }
}
