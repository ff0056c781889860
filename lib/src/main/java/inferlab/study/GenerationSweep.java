package inferlab.study;

import inferlab.hardware.ModelShape;
import inferlab.hardware.Roofline;
import inferlab.measure.Measure;
import inferlab.model.LanguageModel;
import inferlab.model.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How generation time depends on input length, output length and batch size, measured and predicted.
 *
 * <p>The workload: {@code batch} sessions each prefill a random prompt of {@code prompt} tokens (the prefill's
 * last logits give the first new token), then {@code output - 1} greedy decode steps advance all sessions
 * together through {@link LanguageModel#appendBatch}. The prediction is {@link Roofline#generate} for the
 * model's shape on the given hardware. On a small model the measurement also contains per-call overheads the
 * roofline ignores (a few microseconds per native op), which is the gap the plots show.
 */
public final class GenerationSweep {
    private GenerationSweep() {}

    /**
     * One configuration: its median measured time, the fastest and slowest of its runs, and the roofline's lower
     * bound.
     */
    public record Timing(int batch, int prompt, int output, double seconds, double fastest, double slowest,
                         double predictedSeconds) {
        /** Generated tokens per second over the whole run, all sequences together, at the median time. */
        public double tokensPerSecond() {
            return tokensPerSecond(seconds);
        }

        /** Generated tokens per second, all sequences together, had the run taken {@code runSeconds}. */
        public double tokensPerSecond(double runSeconds) {
            return (double) batch * output / runSeconds;
        }
    }

    /**
     * Median time ({@link Measure}) of {@code repeats} runs after one warm-up run, with the fastest and slowest runs
     * and the roofline prediction.
     */
    public static Timing measure(LanguageModel model, ModelShape shape, Roofline roofline, int batch, int prompt,
                                 int output, int repeats, RandomGenerator rng) {
        Measure.Timing t = Measure.sample(1, repeats, () -> {
            int[][] prompts = new int[batch][prompt];
            for (int[] p : prompts) for (int i = 0; i < prompt; i++) p[i] = rng.nextInt(model.vocabSize());
            long t0 = System.nanoTime();
            run(model, prompts, output);
            return (System.nanoTime() - t0) * 1e-9;
        });
        return new Timing(batch, prompt, output, t.median(), t.min(), t.max(),
                roofline.generate(shape, batch, prompt, output).seconds());
    }

    private static void run(LanguageModel model, int[][] prompts, int output) {
        List<Session> sessions = new ArrayList<>();
        try {
            int[] next = new int[prompts.length];
            for (int b = 0; b < prompts.length; b++) {
                Session s = model.newSession();
                sessions.add(s);
                float[][] logits = s.append(prompts[b]);
                next[b] = argmax(logits[logits.length - 1]);
            }
            for (int t = 1; t < output; t++) {
                float[][] logits = model.appendBatch(sessions, next);
                for (int b = 0; b < next.length; b++) next[b] = argmax(logits[b]);
            }
        } finally {
            sessions.forEach(Session::close);
        }
    }

    private static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    /** Prompt lengths 2^0..2^maxLog2 at fixed output: prefill cost. */
    public static List<Timing> overPromptLength(LanguageModel model, ModelShape shape, Roofline roofline,
                                                int maxLog2, int output, int repeats, RandomGenerator rng) {
        List<Timing> out = new ArrayList<>();
        for (int e = 0; e <= maxLog2; e++) out.add(measure(model, shape, roofline, 1, 1 << e, output, repeats, rng));
        return out;
    }

    /** Output lengths 2^0..2^maxLog2 at fixed prompt: decode cost. */
    public static List<Timing> overOutputLength(LanguageModel model, ModelShape shape, Roofline roofline,
                                                int prompt, int maxLog2, int repeats, RandomGenerator rng) {
        List<Timing> out = new ArrayList<>();
        for (int e = 0; e <= maxLog2; e++) out.add(measure(model, shape, roofline, 1, prompt, 1 << e, repeats, rng));
        return out;
    }

    /** Batch sizes 1..maxBatch at fixed prompt and output: the batching gain of memory-bound decode. */
    public static List<Timing> overBatch(LanguageModel model, ModelShape shape, Roofline roofline, int prompt,
                                         int output, int maxBatch, int repeats, RandomGenerator rng) {
        List<Timing> out = new ArrayList<>();
        for (int b = 1; b <= maxBatch; b *= 2) out.add(measure(model, shape, roofline, b, prompt, output, repeats, rng));
        return out;
    }
}
