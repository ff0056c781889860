package inferlab.train;

/**
 * Learning rate with linear warm-up and cosine decay (Loshchilov and Hutter 2017, as in GPT-style training):
 *
 * <pre>
 *   lr(t) = peak * (t + 1) / warmup                                          t &lt; warmup
 *   lr(t) = min + (peak - min) * (1 + cos(pi * (t - warmup) / (steps - warmup))) / 2   otherwise
 * </pre>
 */
public record CosineSchedule(double peak, double min, int warmup, int steps) {

    public double at(int step) {
        if (step < warmup) return peak * (step + 1) / warmup;
        double progress = Math.min(1.0, (step - warmup) / (double) Math.max(1, steps - warmup));
        return min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
