package inferlab.study;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import inferlab.measure.Measure;

import java.util.ArrayList;
import java.util.List;

/**
 * The roofline of this machine traced by one kernel: X (b x d) times W (d x d) in fp32, the shape of a linear
 * layer applied to b tokens at once. It does 2 b d^2 FLOPs and moves 4 (d^2 + 2 b d) bytes (W once, X in,
 * result out), so its intensity 2 b d^2 / (4 (d^2 + 2 b d)) ~ b / 2 grows with b: at b = 1 (decode) it reads
 * W for 2 FLOPs per 4 bytes, at large b it is compute-bound.
 */
public final class MatmulSweep {
    private MatmulSweep() {}

    /** One measured kernel: its row count, intensity (FLOP/byte) and achieved FLOP/s. */
    public record Point(int rows, double intensity, double flopsPerSecond) {}

    /** FLOPs of (b x d)(d x d). */
    public static double flops(int rows, int d) {
        return 2.0 * rows * d * d;
    }

    /** Bytes moved by (b x d)(d x d) in fp32: W once, X read, the product written. */
    public static double bytes(int rows, int d) {
        return 4.0 * ((double) d * d + 2.0 * rows * d);
    }

    /**
     * Times the product for each row count (best of {@code repeats} after a warm-up; the best run is the one
     * least disturbed by other processes). W of 4 d^2 bytes should exceed the caches so that it streams from
     * memory: d = 4096 is 64 MiB.
     */
    public static List<Point> measure(int d, int[] rows, int repeats) {
        List<Point> points = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray w = m.randomNormal(new Shape(d, d));
            for (int b : rows) {
                try (NDManager sub = m.newSubManager()) {
                    NDArray x = sub.randomNormal(new Shape(b, d));
                    double best = Measure.time(1, repeats, () -> x.matMul(w).close()).min();
                    points.add(new Point(b, flops(b, d) / bytes(b, d), flops(b, d) / best));
                }
            }
        }
        return points;
    }
}
