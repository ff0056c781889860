package inferlab.hardware;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RooflineTest {
    final Roofline a100 = new Roofline(Hardware.A100_80GB_SXM);

    @Test
    void a100RidgeIsAbout153FlopsPerByte() {
        assertEquals(153.0, Hardware.A100_80GB_SXM.ridgeIntensity(), 0.5);
        assertEquals(Hardware.A100_80GB_SXM.peakFlops(), a100.attainableFlops(1e6), 0.0);
        assertEquals(10 * Hardware.A100_80GB_SXM.bandwidth(), a100.attainableFlops(10), 0.0);
    }

    @Test
    void decodeIsMemoryBoundAtTheWeightReadTime() {
        ModelShape m = ModelShape.LLAMA2_7B;
        Roofline.Estimate step = a100.decodeStep(m, 1, 0);
        assertTrue(step.intensity() < 2, "one token per weight pair: about 1 FLOP/byte in bf16");
        double weightRead = m.parameters().total() * 2.0 / Hardware.A100_80GB_SXM.bandwidth();
        assertEquals(weightRead, step.seconds(), 1e-3 * weightRead); // ~6.6 ms, ~150 tokens/s
    }

    @Test
    void longPrefillIsComputeBound() {
        Roofline.Estimate p = a100.prefill(ModelShape.LLAMA2_7B, 1, 2048);
        assertTrue(p.intensity() > Hardware.A100_80GB_SXM.ridgeIntensity());
        assertEquals(p.flops() / Hardware.A100_80GB_SXM.peakFlops(), p.seconds(), 0.0);
    }

    @Test
    void criticalBatchIsWhereDecodeTurnsComputeBound() {
        for (ModelShape m : List.of(ModelShape.LLAMA2_7B, ModelShape.LLAMA3_8B)) {
            int b = a100.criticalBatch(m, 128);
            assertTrue(b > 100 && b < 1000, m + ": " + b);
            Roofline.Estimate at = a100.decodeStep(m, b, 128), below = a100.decodeStep(m, b - 1, 128);
            assertTrue(at.intensity() >= Hardware.A100_80GB_SXM.ridgeIntensity());
            assertTrue(below.intensity() < Hardware.A100_80GB_SXM.ridgeIntensity());
        }
        // multi-head attention at 512 tokens of context: each sequence's KV read alone has intensity below the
        // ridge, so no batch makes decode compute-bound; grouped-query attention (8 of 32 heads) still can
        assertEquals(Integer.MAX_VALUE, a100.criticalBatch(ModelShape.LLAMA2_7B, 512));
        assertTrue(a100.criticalBatch(ModelShape.LLAMA3_8B, 512) < 1000);
    }

    @Test
    void generationIsPrefillPlusDecodeSteps() {
        ModelShape m = ModelShape.GPT2_SMALL;
        Roofline.Estimate g = a100.generate(m, 4, 100, 3);
        double expected = a100.prefill(m, 4, 100).seconds() + a100.decodeStep(m, 4, 100).seconds()
                + a100.decodeStep(m, 4, 101).seconds();
        assertEquals(expected, g.seconds(), 1e-12);
    }

    @Test
    void thisMachineMeasuresPlausibleRates() {
        Hardware here = Hardware.measureThisMachine();
        assertTrue(here.peakFlops() > 1e9 && here.peakFlops() < 1e13, here.toString());
        assertTrue(here.bandwidth() > 5e8 && here.bandwidth() < 1e12, here.toString());
    }
}
