package inferlab.system;

import inferlab.decode.Decoder;
import inferlab.decode.Stepper;
import inferlab.decode.StopRule;
import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import inferlab.prob.Softmax;
import inferlab.tool.Tool;
import inferlab.tool.ToolResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Produces N candidate completions of one prompt from an in-process {@link LanguageModel}.
 *
 * <p>The prompt is prefilled once and the session forked N times; each step advances all live candidates
 * as one batch ({@link LanguageModel#appendBatch}). With a {@link Tool}, a candidate that has just written
 * {@code <<INPUT=} is paused: the token that completed the {@code =} is replaced by the text up to the
 * {@code =}, the tool's answer and {@code >>} (prefilled, not sampled), and generation resumes.
 * A candidate stops by the library's {@link StopRule}: at end-of-sequence (counted among its tokens, not in its
 * text), at a stop string (the text is cut before it), after {@code maxNewTokens} sampled tokens (prefilled tool
 * answers do not count), or when it fills the model's context.
 *
 * @param decoder a fresh {@link Decoder} per candidate, given the system's seeded generator: e.g.
 *                {@code rng -> new Greedy()} or {@code rng -> new Sampler(SamplingParams.ancestral(0.8), rng)}
 * @param stops  strings that end a candidate (cut before them)
 * @param tool   null for no tool use
 * @param parser extracts the final answer from a completion; returns null or "" when there is none
 */
public record Completer(LanguageModel model, Function<RandomGenerator, Decoder> decoder, int maxNewTokens,
                        List<String> stops, Tool tool, Function<String, String> parser) implements CandidateSource {

    public Completer {
        if (maxNewTokens < 1) throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
    }

    public Completer withTool(Tool t) {
        return new Completer(model, decoder, maxNewTokens, stops, t, parser);
    }

    public Completer withDecoder(Function<RandomGenerator, Decoder> d) {
        return new Completer(model, d, maxNewTokens, stops, tool, parser);
    }

    @Override
    public Batch complete(String prompt, int n, RandomGenerator rng) {
        Tokenizer tok = model.tokenizer().orElseThrow(() -> new IllegalStateException("the model has no tokenizer"));
        int[] promptIds = tok.encodePrompt(prompt);
        StopRule rule = StopRule.of(model, maxNewTokens).withStopStrings(stops);
        List<Live> live = new ArrayList<>();
        try (Session root = model.newSession()) {
            float[] prefill = root.appendLast(promptIds);
            for (int i = 0; i < n; i++) {
                live.add(new Live(i, root.fork(), decoder.apply(rng), promptIds, prefill,
                        rule.start(tok, promptIds.length)));
            }
        }
        try {
            List<Live> active = new ArrayList<>(live);
            active.removeIf(c -> c.stepper.stop() != null);
            while (!active.isEmpty()) {
                int[] next = new int[active.size()];
                List<Live> stepping = new ArrayList<>();
                for (Live c : active) {
                    int t = c.decoder.next(c.history(), c.logits);
                    c.logProb += Softmax.logSoftmax(c.logits, t);
                    if (c.stepper.add(t) == null && !callTool(c, tok)) {
                        next[stepping.size()] = t;
                        stepping.add(c);
                    }
                }
                int[] tokens = Arrays.copyOf(next, stepping.size());
                float[][] logits = stepping.isEmpty() ? new float[0][] : model.appendBatch(
                        stepping.stream().map(c -> c.session).toList(), tokens);
                for (int k = 0; k < stepping.size(); k++) stepping.get(k).logits = logits[k];
                active.removeIf(c -> c.stepper.stop() != null);
            }
            List<Trace.Candidate> out = new ArrayList<>();
            int toolTokens = 0;
            for (Live c : live) {
                String text = c.stepper.text();
                if (text.length() > c.segmentStart) {
                    c.segments.add(new Trace.Segment(Trace.Segment.Kind.MODEL, text.substring(c.segmentStart)));
                }
                String answer = parser.apply(text);
                out.add(new Trace.Candidate(c.index, text, List.copyOf(c.segments), answer == null ? "" : answer,
                        Double.NaN, c.stepper.generated(), c.logProb));
                toolTokens += c.toolTokens;
            }
            return new Batch(out, promptIds.length, toolTokens);
        } finally {
            live.forEach(c -> c.session.close());
        }
    }

    /**
     * After a token that did not stop the candidate: if it completed the {@code =} of a tool call, serves the call
     * and returns true (the token was replaced and the session already holds what follows).
     */
    private boolean callTool(Live c, Tokenizer tok) {
        if (tool == null) return false;
        String before = c.textBefore;
        String text = c.stepper.text();
        c.textBefore = text;
        int open = text.lastIndexOf("<<");
        int eq = open < 0 ? -1 : text.indexOf('=', open);
        if (eq < 0 || text.indexOf(">>", open) >= 0 || eq < before.length()) return false;
        String input = text.substring(open + 2, eq);
        ToolResult result = tool.call(input);
        // the token that wrote '=' is not fed: the text up to '=' plus the tool's answer is prefilled instead
        String injected = text.substring(before.length(), eq + 1) + result.toolText() + ">>";
        int[] ids = tok.encode(injected);
        if (c.stepper.replaceLast(ids) != null) return true; // the answer does not fit the context: the candidate ends
        c.logits = c.session.appendLast(ids);
        c.toolTokens += ids.length;
        c.segments.add(new Trace.Segment(Trace.Segment.Kind.MODEL, text.substring(c.segmentStart, open + 2)));
        c.segments.add(new Trace.Segment(Trace.Segment.Kind.TOOL_CALL, input));
        c.segments.add(new Trace.Segment(Trace.Segment.Kind.TOOL_RESULT, result.toolText()));
        c.textBefore = c.stepper.text();
        c.segmentStart = c.textBefore.length();
        return true;
    }

    /** A candidate being generated. */
    private static final class Live {
        final int index;
        final Session session;
        final Decoder decoder;
        final int[] promptIds;
        final Stepper stepper;
        final List<Trace.Segment> segments = new ArrayList<>();
        float[] logits;
        /** The text before the latest token: a tool call is served only when that token wrote its '='. */
        String textBefore = "";
        int segmentStart;
        int toolTokens;
        double logProb;

        Live(int index, Session session, Decoder decoder, int[] promptIds, float[] logits, Stepper stepper) {
            this.index = index;
            this.session = session;
            this.decoder = decoder;
            this.promptIds = promptIds;
            this.logits = logits;
            this.stepper = stepper;
        }

        /** Prompt and text so far, for history-dependent processors (repetition penalty, no-repeat n-grams). */
        int[] history() {
            int[] ids = stepper.ids();
            int[] h = Arrays.copyOf(promptIds, promptIds.length + ids.length);
            System.arraycopy(ids, 0, h, promptIds.length, ids.length);
            return h;
        }
    }
}
