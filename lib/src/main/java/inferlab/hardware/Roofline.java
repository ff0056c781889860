package inferlab.hardware;

/**
 * The roofline model (Williams, Waterman and Patterson 2009) applied to transformer inference.
 *
 * <p>A kernel doing F FLOPs while moving B bytes takes at least max(F / peak, B / bandwidth): attainable
 * throughput is min(peak, I * bandwidth) at arithmetic intensity I = F / B. Decoding one token per sequence
 * reads every weight once for only 2 FLOPs per weight and sequence, so at batch b and bf16 its intensity is
 * about b FLOP/byte, far below an A100's ridge of 153: decode is memory-bound; a long prefill is compute-bound.
 *
 * <p>Bytes moved are the weights (read once per forward pass, shared by the batch) plus the KV cache read and
 * written; activations are assumed to stay in on-chip memory and are not counted. Weights and cache use the
 * hardware's {@link Hardware#bytesPerValue()}.
 */
public record Roofline(Hardware hardware) {

    /** FLOPs, bytes and the roofline's lower bound on the time of one forward pass. */
    public record Estimate(double flops, double bytes, double seconds) {
        /** Arithmetic intensity, FLOP per byte. */
        public double intensity() {
            return flops / bytes;
        }

        public Estimate plus(Estimate o) {
            return new Estimate(flops + o.flops, bytes + o.bytes, seconds + o.seconds);
        }
    }

    /** min(peak, intensity * bandwidth): the FLOP/s a kernel of that intensity can reach. */
    public double attainableFlops(double intensity) {
        return Math.min(hardware.peakFlops(), intensity * hardware.bandwidth());
    }

    /** max(flops / peak, bytes / bandwidth). */
    public Estimate bound(double flops, double bytes) {
        return new Estimate(flops, bytes, Math.max(flops / hardware.peakFlops(), bytes / hardware.bandwidth()));
    }

    /**
     * Prefill of {@code batch} prompts of {@code tokens} tokens: FLOPs batch * prefillFlops(T); bytes all weights
     * once plus the batch * T KV entries written.
     */
    public Estimate prefill(ModelShape m, int batch, long tokens) {
        double w = hardware.bytesPerValue();
        double bytes = m.weightBytes(w) + (double) batch * tokens * m.kvBytesPerToken(w);
        return bound(batch * m.prefillFlops(tokens), bytes);
    }

    /**
     * One decode step of {@code batch} sequences each with {@code context} tokens cached: FLOPs
     * batch * decodeFlops(context); bytes all weights once plus each sequence's cache read and one entry written.
     */
    public Estimate decodeStep(ModelShape m, int batch, long context) {
        return verifyStep(m, batch, context, 1);
    }

    /**
     * One forward pass in which each of {@code batch} sequences with {@code context} tokens cached appends
     * {@code tokens} positions (speculative verification: the last token and gamma drafts): FLOPs
     * batch * sum over t = 1..tokens of flopsPerToken(context + t); bytes all weights once plus each sequence's
     * cache read and its new entries written. With tokens = 1 it is a decode step.
     */
    public Estimate verifyStep(ModelShape m, int batch, long context, int tokens) {
        double w = hardware.bytesPerValue();
        double bytes = m.weightBytes(w) + (double) batch * (context + tokens) * m.kvBytesPerToken(w);
        double flops = 0;
        for (int t = 1; t <= tokens; t++) flops += m.flopsPerToken(context + t);
        return bound(batch * flops, bytes);
    }

    /**
     * Generation of {@code output} tokens after a prompt of {@code prompt} tokens, batch sequences at a time:
     * the prefill (which yields the first new token) plus output - 1 decode steps with growing context.
     */
    public Estimate generate(ModelShape m, int batch, long prompt, long output) {
        Estimate e = prefill(m, batch, prompt);
        for (long t = 1; t < output; t++) e = e.plus(decodeStep(m, batch, prompt + t - 1));
        return e;
    }

    /**
     * The batch size at which a decode step at {@code context} reaches the ridge point, i.e. becomes
     * compute-bound; Integer.MAX_VALUE when the KV traffic keeps it memory-bound at any batch.
     */
    public int criticalBatch(ModelShape m, long context) {
        for (int b = 1; b <= 1 << 20; b *= 2) {
            Estimate e = decodeStep(m, b, context);
            if (e.flops() / hardware.peakFlops() >= e.bytes() / hardware.bandwidth()) {
                int lo = b / 2 + 1;
                while (lo < b) { // smallest compute-bound batch in (b/2, b]
                    int mid = (lo + b) / 2;
                    Estimate x = decodeStep(m, mid, context);
                    if (x.flops() / hardware.peakFlops() >= x.bytes() / hardware.bandwidth()) b = mid;
                    else lo = mid + 1;
                }
                return b;
            }
        }
        return Integer.MAX_VALUE;
    }
}
