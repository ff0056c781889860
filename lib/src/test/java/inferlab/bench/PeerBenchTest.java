package inferlab.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import inferlab.measure.Measure;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The share of the bandwidth limit is taken round by round, each rate against the read rate of its own round. */
class PeerBenchTest {
    @Test
    void eachRoundsRateIsSetAgainstThatRoundsReadRate() {
        Measure.Figure java = figure("java", 50, 60, 20);
        Measure.Figure read = figure("read", 40e9, 50e9, 10e9);
        PeerBench.Result r = new PeerBench.Result(new PeerBench.Shape("s", Path.of("."), null, 1), 1, "peer", java, null,
                java, null, null, read, 5e8);
        // tokens/s x bytes/token / (bytes/s): 50 x 5e8 / 40e9 = 0.625, 60 x 5e8 / 50e9 = 0.6, 20 x 5e8 / 10e9 = 1
        assertArrayEquals(new double[] {0.625, 0.6, 1.0}, r.share(java).samples(), 1e-12);
        assertEquals(0.625, r.share(java).median(), 1e-12);
        // the limit is the median read over the bytes per token, not a mix of rounds
        assertEquals(40e9 / 5e8, r.limit(), 1e-9);
    }

    private static Measure.Figure figure(String name, double... samples) {
        return new Measure.Figure(name, Measure.median(samples), 0, 0, samples).times(1);
    }
}
