package inferlab.study;

import inferlab.hardware.ModelShape;
import inferlab.hardware.Roofline;
import inferlab.measure.Measure;
import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.prob.TopK;

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

    /** Seconds of untimed rounds over a sweep's configurations before its first timed one. */
    static final double WARMUP_SECONDS = 3;

    /**
     * Times the configurations ({@code {batch, prompt, output}} each) in turns: untimed rounds over all of them
     * for at least {@link #WARMUP_SECONDS}, then {@code repeats} rounds that run every configuration once, in
     * alternating order ({@link Measure#inTurns}). The JIT compiles before any timed run, and a change of load on
     * the machine falls on every configuration alike instead of on whichever was being timed; each configuration
     * gets its median, fastest and slowest run, and the roofline's bound.
     */
    static List<Timing> inTurns(LanguageModel model, ModelShape shape, Roofline roofline, List<int[]> configs,
                                int repeats, RandomGenerator rng) {
        if (repeats < 1) throw new IllegalArgumentException("repeats must be at least 1"); // before the warm-up
        long warmupEnd = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
        do {
            for (int[] c : configs) time(model, c, rng);
        } while (System.nanoTime() < warmupEnd);
        double[][] samples = Measure.inTurns(configs.size(), repeats, i -> time(model, configs.get(i), rng));
        List<Timing> out = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            int[] c = configs.get(i);
            Measure.Timing t = new Measure.Timing(Measure.median(samples[i]), samples[i]);
            out.add(new Timing(c[0], c[1], c[2], t.median(), t.min(), t.max(),
                    roofline.generate(shape, c[0], c[1], c[2]).seconds()));
        }
        return out;
    }

    /** Seconds of one run of configuration {@code {batch, prompt, output}} on fresh random prompts. */
    private static double time(LanguageModel model, int[] config, RandomGenerator rng) {
        int[][] prompts = new int[config[0]][config[1]];
        for (int[] p : prompts) for (int i = 0; i < p.length; i++) p[i] = rng.nextInt(model.vocabSize());
        long t0 = System.nanoTime();
        run(model, prompts, config[2]);
        return (System.nanoTime() - t0) * 1e-9;
    }

    private static void run(LanguageModel model, int[][] prompts, int output) {
        List<Session> sessions = new ArrayList<>();
        try {
            int[] next = new int[prompts.length];
            for (int b = 0; b < prompts.length; b++) {
                Session s = model.newSession();
                sessions.add(s);
                next[b] = TopK.argmax(s.appendLast(prompts[b]));
            }
            for (int t = 1; t < output; t++) {
                float[][] logits = model.appendBatch(sessions, next);
                for (int b = 0; b < next.length; b++) next[b] = TopK.argmax(logits[b]);
            }
        } finally {
            sessions.forEach(Session::close);
        }
    }

    /** Prompt lengths 2^0..2^maxLog2 at fixed output: prefill cost. */
    public static List<Timing> overPromptLength(LanguageModel model, ModelShape shape, Roofline roofline,
                                                int maxLog2, int output, int repeats, RandomGenerator rng) {
        List<int[]> configs = new ArrayList<>();
        for (int e = 0; e <= maxLog2; e++) configs.add(new int[] {1, 1 << e, output});
        return inTurns(model, shape, roofline, configs, repeats, rng);
    }

    /** Output lengths 2^0..2^maxLog2 at fixed prompt: decode cost. */
    public static List<Timing> overOutputLength(LanguageModel model, ModelShape shape, Roofline roofline,
                                                int prompt, int maxLog2, int repeats, RandomGenerator rng) {
        List<int[]> configs = new ArrayList<>();
        for (int e = 0; e <= maxLog2; e++) configs.add(new int[] {1, prompt, 1 << e});
        return inTurns(model, shape, roofline, configs, repeats, rng);
    }

    /** Batch sizes 1..maxBatch at fixed prompt and output: the batching gain of memory-bound decode. */
    public static List<Timing> overBatch(LanguageModel model, ModelShape shape, Roofline roofline, int prompt,
                                         int output, int maxBatch, int repeats, RandomGenerator rng) {
        List<int[]> configs = new ArrayList<>();
        for (int b = 1; b <= maxBatch; b *= 2) configs.add(new int[] {b, prompt, output});
        return inTurns(model, shape, roofline, configs, repeats, rng);
    }
}
