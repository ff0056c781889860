package inferlab.decode;

/**
 * Temperature: z_i / T. T &lt; 1 sharpens the distribution softmax(z / T), T &gt; 1 flattens it; T → 0 tends to
 * greedy decoding (the {@link Sampler} treats T = 0 as greedy; here T must be positive).
 */
public final class TemperatureProcessor implements LogitsProcessor {
    private final float temperature;

    public TemperatureProcessor(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive number, got " + temperature);
        }
        this.temperature = (float) temperature;
    }

    @Override
    public float[] apply(int[] history, float[] logits) {
        float[] out = new float[logits.length];
        for (int i = 0; i < out.length; i++) out[i] = logits[i] / temperature;
        return out;
    }
}
