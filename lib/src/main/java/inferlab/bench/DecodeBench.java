package inferlab.bench;

import inferlab.model.LanguageModel;
import inferlab.model.Session;

/**
 * Decode throughput at batch 1: prefill a prompt once per run, then time {@code tokens} single-token appends
 * through the model's KV cache (argmax feeding, so the work is exactly one forward step per token).
 */
public final class DecodeBench {
    private DecodeBench() {}

    /** One row of the result: tokens per second from the median run. */
    public record Row(String model, long parameters, int promptLength, int tokens, double tokensPerSecond,
                      double msPerToken) {}

    public static Row run(String name, LanguageModel model, long parameters, int promptLength, int tokens,
                          int warmups, int runs) {
        int[] prompt = new int[promptLength];
        for (int i = 0; i < promptLength; i++) prompt[i] = (31 * i + 7) % model.vocabSize();
        Measure.Timing t = Measure.sample(warmups, runs, () -> {
            try (Session s = model.newSession()) {
                float[] last = s.append(prompt)[promptLength - 1];
                long start = System.nanoTime();
                for (int i = 0; i < tokens; i++) last = s.append(argmax(last))[0];
                return (System.nanoTime() - start) / 1e9;
            }
        });
        double median = t.median();
        return new Row(name, parameters, promptLength, tokens, tokens / median, 1000 * median / tokens);
    }

    private static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }
}
