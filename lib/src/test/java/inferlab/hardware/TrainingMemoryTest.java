package inferlab.hardware;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TrainingMemoryTest {

    @Test
    void modelStatesAreSixteenBytesPerParameter() {
        // ZeRO's example: a 7.5B-parameter model needs 120 GB for weights, gradients and Adam states
        ModelShape m = Capacity.llamaFamily(32);
        TrainingMemory t = TrainingMemory.adamW(m, 1, 1, false);
        double n = m.parameters().total();
        assertEquals(16 * n, t.weights() + t.gradients() + t.optimizer(), 1.0);
        assertEquals(12 * n, t.optimizer(), 1.0);
        assertEquals(8 * m.weightBytes(2), t.weights() + t.gradients() + t.optimizer(), 1.0, "8x generation's weights");
    }

    @Test
    void gpt2LayerMatchesKorthikantiWithoutDropoutMasks() {
        // 34 s b h bytes per layer (Korthikanti et al. 2022, Eq. 1 without the s^2 scores) minus 2 s b h of masks
        ModelShape g = ModelShape.GPT2_SMALL;
        double bytesPerToken = 2 * (TrainingMemory.layerActivations(g) - 2.0 * g.heads());
        assertEquals(32.0 * g.hidden(), bytesPerToken, 0.0);
    }

    @Test
    void llamaLayerCountsEachSavedTensor() {
        // Llama-2-7B: norms 4 x 4096, Q K V O 4 x 4096, log-sum-exp 32 heads (fp32), SwiGLU 4 x 11008
        assertEquals(4 * 4096 + 4 * 4096 + 2 * 32 + 4 * 11008, TrainingMemory.layerActivations(ModelShape.LLAMA2_7B), 0.0);
        // grouped-query attention saves smaller K and V: Llama-3-8B keeps 2 x 1024 instead of 2 x 4096
        assertEquals(4 * 4096 + 2 * 4096 + 2 * 1024 + 2 * 32 + 4 * 14336,
                TrainingMemory.layerActivations(ModelShape.LLAMA3_8B), 0.0);
    }

    @Test
    void activationsScaleWithTokensAndRecomputationKeepsOneLayer() {
        ModelShape m = ModelShape.QWEN3_8B;
        TrainingMemory one = TrainingMemory.adamW(m, 1, 1024, false);
        TrainingMemory eight = TrainingMemory.adamW(m, 8, 1024, false);
        assertEquals(8 * one.activations(), eight.activations(), 1e-6 * eight.activations());
        TrainingMemory ckpt = TrainingMemory.adamW(m, 8, 1024, true);
        double perToken = 2.0 * (m.layers() * (double) m.hidden() + TrainingMemory.layerActivations(m)
                + 2 * m.hidden() + 2 * m.vocab());
        assertEquals(8 * 1024 * perToken, ckpt.activations(), 1e-9 * ckpt.activations());
        assertTrue(ckpt.activations() < eight.activations() / 5, "checkpoints keep d of each layer's ~18d + 4f");
        assertEquals(eight.optimizer(), ckpt.optimizer(), 0.0, "recomputation changes only the activations");
    }

    @Test
    void trainingNeedsFarMoreThanGenerationOfTheSameTokens() {
        for (ModelShape m : ModelShape.qwen3Family()) {
            double generate = Capacity.forward(m, 8, 4096, 2).total();
            double train = TrainingMemory.adamW(m, 8, 4096, true).total();
            assertTrue(train > 4 * generate, m.name() + ": " + train + " vs " + generate);
        }
    }
}
