package inferlab.study;

import static org.junit.jupiter.api.Assertions.*;

import inferlab.hardware.Hardware;
import inferlab.hardware.ModelShape;
import inferlab.hardware.Roofline;
import inferlab.model.HfConfig;
import inferlab.model.Transformer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GenerationSweepTest {

    /** Every configuration carries its runs' range around the median, in seconds and in tokens per second. */
    @Test
    void timingsCarryTheRangeOfTheirRuns() {
        HfConfig c = HfConfig.gpt2(300, 64, 2, 4, 512);
        try (Transformer m = Transformer.random(c, new Random(3))) {
            var roof = new Roofline(Hardware.L40S);
            var points = GenerationSweep.overBatch(m, ModelShape.of("tiny", c), roof, 8, 4, 2, 3, new Random(1));
            assertEquals(2, points.size());
            for (var t : points) {
                assertTrue(t.fastest() <= t.seconds() && t.seconds() <= t.slowest(), t.toString());
                assertEquals(t.batch() * t.output() / t.seconds(), t.tokensPerSecond(), 1e-9);
                assertTrue(t.tokensPerSecond(t.slowest()) <= t.tokensPerSecond()
                        && t.tokensPerSecond() <= t.tokensPerSecond(t.fastest()));
            }
        }
    }
}
