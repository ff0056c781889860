package inferlab.study;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MatmulSweepTest {

    @Test
    void intensityGrowsWithRowsTowardsTheSquareSize() {
        int d = 4096;
        assertEquals(2.0 / 4 * d / (d + 2.0), MatmulSweep.flops(1, d) / MatmulSweep.bytes(1, d), 1e-12); // ~0.5
        double previous = 0;
        for (int b = 1; b <= 1 << 14; b *= 2) {
            double intensity = MatmulSweep.flops(b, d) / MatmulSweep.bytes(b, d);
            assertTrue(intensity > previous);
            previous = intensity;
        }
        assertTrue(previous < d / 4.0, "bounded by 2 b d^2 / (8 b d) = d / 4");
    }

    @Test
    void measuresOnePointPerRowCount() {
        var points = MatmulSweep.measure(512, new int[] {1, 64}, 2);
        assertEquals(2, points.size());
        assertEquals(64, points.get(1).rows());
        assertTrue(points.get(0).flopsPerSecond() > 0 && points.get(1).intensity() > points.get(0).intensity());
    }
}
