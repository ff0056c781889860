package inferlab.hardware;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import inferlab.measure.Measure;


/**
 * An accelerator as the roofline model sees it: a peak arithmetic rate, a memory bandwidth and a capacity.
 *
 * <p>GPU presets are NVIDIA's datasheet numbers for dense (no 2:4 sparsity) bf16/fp16 Tensor Core math:
 * <ul>
 *   <li>A100 80GB SXM: 312 TFLOP/s, 2,039 GB/s HBM2e, 80 GB ("NVIDIA A100 Tensor Core GPU" datasheet,
 *       2021; the table lists 624 TFLOP/s with sparsity);</li>
 *   <li>H100 SXM: 989 TFLOP/s, 3.35 TB/s HBM3, 80 GB ("NVIDIA H100 Tensor Core GPU" datasheet, 2023; the
 *       table lists 1,979 TFLOP/s with sparsity);</li>
 *   <li>H200 SXM: 989 TFLOP/s, 4.8 TB/s HBM3e, 141 GB ("NVIDIA H200 Tensor Core GPU" datasheet, 2024; same
 *       GH100 compute as H100, the table lists 1,979 TFLOP/s with sparsity);</li>
 *   <li>L40S (the course's GPU): 362 TFLOP/s, 864 GB/s GDDR6, 48 GB ("NVIDIA L40S GPU" datasheet, 2023: BF16
 *       Tensor Core 362.05 TFLOP/s, 733 with sparsity). With ECC on, the driver reports about 46 GB usable.</li>
 * </ul>
 * Capacities are the datasheets' decimal gigabytes (80 GB = 80 x 10^9 bytes).
 *
 * @param peakFlops      peak FLOP/s of matrix multiplication at the working precision
 * @param bandwidth      memory bandwidth in bytes/s
 * @param memoryBytes    memory capacity in bytes
 * @param bytesPerValue  bytes per weight/activation at that precision (2 for bf16, 4 for fp32)
 */
public record Hardware(String name, double peakFlops, double bandwidth, double memoryBytes, double bytesPerValue) {

    public static final Hardware A100_80GB_SXM = new Hardware("A100 80GB SXM", 312e12, 2.039e12, 80e9, 2);
    public static final Hardware H100_SXM = new Hardware("H100 SXM", 989e12, 3.35e12, 80e9, 2);
    public static final Hardware H200_SXM = new Hardware("H200 SXM", 989e12, 4.8e12, 141e9, 2);
    public static final Hardware L40S = new Hardware("L40S", 362.05e12, 864e9, 48e9, 2);

    /**
     * Ridge point of the roofline, FLOP/byte: a kernel below this arithmetic intensity is memory-bound.
     * A100: 312e12 / 2.039e12 = 153 FLOP/byte.
     */
    public double ridgeIntensity() {
        return peakFlops / bandwidth;
    }

    /**
     * Measures this machine in fp32, in a few seconds: the peak rate as 2 n^3 FLOPs per n x n matmul (DJL/PyTorch,
     * all cores, n = 1024) and the bandwidth as bytes read per second by a sum over a 1 GiB array, each the best
     * of several repetitions after a warm-up. The array is that large because server CPUs have last-level caches of
     * hundreds of MiB: over 256 MiB the same machine measured anywhere from 40 to 72 GB/s on one thread. Memory
     * capacity is the JVM-independent physical memory as the OS reports it.
     */
    public static Hardware measureThisMachine() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            return new Hardware("this machine (fp32, measured)", matmulFlops(m, 1024, 8), readBandwidth(m, 256 << 20, 8),
                    physicalMemoryBytes(), 4);
        }
    }

    static double matmulFlops(NDManager m, int n, int repeats) {
        try (NDManager sub = m.newSubManager()) {
            NDArray a = sub.randomNormal(new Shape(n, n));
            NDArray b = sub.randomNormal(new Shape(n, n));
            // PyTorch on CPU runs eagerly: the product is complete when matMul returns
            return 2.0 * n * n * n / Measure.time(2, repeats, () -> a.matMul(b).close()).min();
        }
    }

    /**
     * One read of all of {@code a} (a sum whose scalar comes back to Java) as a benchmark workload counting bytes:
     * the bandwidth measured in turns with other work, round by round, rather than once beforehand.
     */
    public static Measure.Workload read(NDArray a) {
        return () -> {
            long start = System.nanoTime();
            try (NDArray s = a.sum()) {
                s.getFloat(); // a scalar back to Java: the whole array was read
            }
            return new Measure.Work(4.0 * a.size(), (System.nanoTime() - start) / 1e9);
        };
    }

    static double readBandwidth(NDManager m, int floats, int repeats) {
        try (NDManager sub = m.newSubManager()) {
            Measure.Workload read = read(sub.ones(new Shape(floats)));
            return 4.0 * floats / Measure.sample(2, repeats, () -> read.run().seconds()).min();
        }
    }

    /** This machine's physical memory in bytes (the JVM's heap limit where the platform does not say). */
    public static double physicalMemoryBytes() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getTotalMemorySize();
        return Runtime.getRuntime().maxMemory();
    }

    @Override
    public String toString() {
        return String.format("%s: %.3g FLOP/s, %.3g B/s, ridge %.1f FLOP/B", name, peakFlops, bandwidth,
                ridgeIntensity());
    }
}
