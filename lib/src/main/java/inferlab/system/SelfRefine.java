package inferlab.system;

import inferlab.decode.Decoder;
import inferlab.decode.Greedy;
import inferlab.decode.Sampler;
import inferlab.decode.SamplingParams;
import inferlab.model.WorkerPool;
import inferlab.task.Item;
import inferlab.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Self-Refine (Madaan et al., 2023): draft an answer, then for each round ask for feedback on the current
 * answer and write a new answer given the problem, the previous answer and the feedback:
 * <pre>
 * y_0     ~ p(· | x)                              draft, temperature T_draft
 * f_i     = feedback(x, y_i)                      the model's critique, a checker, or a fixed sentence
 * y_{i+1} ~ p(· | x, y_i, f_i)                    refine, temperature T_refine
 * </pre>
 * until the feedback says stop or {@code rounds} rounds are done; a stopped run keeps its answer for the
 * remaining rounds. The refine prompt ends in the format the model was trained on: the attempt, the feedback,
 * and the question again, {@code Q: x\nA: y_i\nFeedback: f_i\nQ: x\nA:} (a bare {@code A:} after the
 * feedback makes our tiny model answer as if it were a multiple-choice question); the critique prompt is
 * {@code Q: x\nA: y_i\nFeedback:}.
 *
 * <p>The trace has one candidate per iteration (0 = draft), each with the feedback that led to it; the last
 * one is chosen, as in the paper. A prompt that leaves no room in the model's context also keeps its answer.
 *
 * @param completer the model, token budget per answer, stop strings and answer parser (its decoder is unused)
 */
public record SelfRefine(String name, Completer completer, double draftTemperature, double refineTemperature,
                         Feedback feedback, int rounds) implements InferenceSystem {

    public SelfRefine {
        if (rounds < 0) throw new IllegalArgumentException("rounds must be >= 0, got " + rounds);
        if (feedback == null) throw new IllegalArgumentException("Self-Refine needs a feedback source");
        if (!(draftTemperature >= 0) || !(refineTemperature >= 0)) {
            throw new IllegalArgumentException("temperatures must be >= 0, got " + draftTemperature + " and " + refineTemperature);
        }
    }

    /** Greedy when {@link SamplingParams#greedy}, else ancestral sampling at temperature T. */
    public static Function<RandomGenerator, Decoder> decoder(double temperature) {
        if (SamplingParams.greedy(temperature)) return rng -> new Greedy();
        SamplingParams params = SamplingParams.ancestral(temperature);
        return rng -> new Sampler(params, rng);
    }

    @Override
    public Trace solve(String prompt, RandomGenerator rng) {
        long t0 = System.nanoTime();
        List<Trace.Candidate> iterations = new ArrayList<>();
        Completer drafter = completer.withDecoder(decoder(draftTemperature));
        Completer.Batch draft = fit(drafter, prompt).complete(prompt, 1, rng);
        Trace.Candidate current = draft.candidates().get(0);
        iterations.add(current);
        int generated = current.generatedTokens(), toolTokens = 0;
        boolean stopped = false;
        String why = "feedback never said stop";
        Completer refiner = completer.withDecoder(decoder(refineTemperature));
        for (int i = 1; i <= rounds; i++) {
            if (stopped) {
                iterations.add(again(current, i, List.of(new Trace.Segment(Trace.Segment.Kind.MODEL, "(stopped: answer kept)")), 0));
                current = iterations.get(i);
                continue;
            }
            Feedback.Critique f = feedback.critique(prompt, current.text(), rng);
            Trace.Segment fb = new Trace.Segment(f.fromModel() ? Trace.Segment.Kind.MODEL : Trace.Segment.Kind.TOOL_RESULT,
                    "Feedback: " + f.text());
            if (!f.fromModel()) toolTokens += tokens("Feedback: " + f.text());
            generated += f.generatedTokens();
            if (f.stop()) {
                stopped = true;
                why = "feedback said stop after iteration " + (i - 1);
                iterations.add(again(current, i, List.of(fb), f.generatedTokens()));
                current = iterations.get(i);
                continue;
            }
            String refine = stem(prompt) + "A: " + current.text().strip() + "\nFeedback: " + f.text() + "\n" + prompt;
            if (room(refiner, refine) < 1) {
                iterations.add(again(current, i, List.of(fb, new Trace.Segment(Trace.Segment.Kind.MODEL, "(context full: answer kept)")),
                        f.generatedTokens()));
                current = iterations.get(i);
                continue;
            }
            Trace.Candidate c = fit(refiner, refine).complete(refine, 1, rng).candidates().get(0);
            generated += c.generatedTokens();
            current = new Trace.Candidate(i, c.text(), List.of(fb, new Trace.Segment(Trace.Segment.Kind.MODEL, c.text())),
                    c.answer(), Double.NaN, c.generatedTokens() + f.generatedTokens(), c.logProb());
            iterations.add(current);
        }
        return new Trace(name, prompt, iterations, "self-refine: draft + " + rounds + " rounds, last kept (" + why + ")",
                current.answer(), iterations.size() - 1, draft.promptTokens(), generated, toolTokens,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * One row per item: is the answer after iteration i right (the task's grade is 1)? Item j is solved with
     * the generator {@code new SplittableRandom(seed + j)}, as {@link Benchmark} does.
     */
    public boolean[][] correctness(Task task, List<Item> items, long seed) {
        return WorkerPool.map(items.size(), j -> {
            Item item = items.get(j);
            Trace t = solve(item.prompt(), new SplittableRandom(seed + j));
            boolean[] right = new boolean[t.candidates().size()];
            for (int i = 0; i < right.length; i++) right[i] = task.score(item, t.candidates().get(i).text()) >= 1;
            return right;
        }).toArray(boolean[][]::new);
    }

    /** The previous answer carried into iteration i. */
    private static Trace.Candidate again(Trace.Candidate previous, int i, List<Trace.Segment> segments, int tokens) {
        return new Trace.Candidate(i, previous.text(), segments, previous.answer(), Double.NaN, tokens, 0);
    }

    private int tokens(String text) {
        return completer.model().tokenizer().orElseThrow().encode(text).length;
    }

    /** The prompt without its trailing "A:", ending in a newline: where "A: answer" or "Feedback:" is appended. */
    public static String stem(String prompt) {
        String p = prompt.stripTrailing();
        if (p.endsWith("A:")) p = p.substring(0, p.length() - 2);
        p = p.stripTrailing();
        return p + "\n";
    }

    /** Tokens the model's context has left after {@code prompt}. */
    static int room(Completer c, String prompt) {
        return c.model().contextLength() - c.model().tokenizer().orElseThrow().encode(prompt).length;
    }

    /** {@code c} with its token budget cut to what the context has left after {@code prompt}. */
    private static Completer fit(Completer c, String prompt) {
        int room = room(c, prompt);
        if (room < 1) throw new IllegalArgumentException("prompt fills the model's context");
        return room >= c.maxNewTokens() ? c
                : new Completer(c.model(), c.decoder(), room, c.stops(), c.tool(), c.parser());
    }
}
