package inferlab.system;

import inferlab.decode.Decoder;
import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import inferlab.prob.Softmax;
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
 * {@code <<INPUT=} is paused: the token that completed the {@code =} is rolled back, the text up to the
 * {@code =}, the tool's answer and {@code >>} are appended (prefilled, not sampled), and generation resumes.
 * A candidate stops at end-of-sequence, at a stop string, or after {@code maxNewTokens} sampled tokens.
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
        int[] promptIds = tok.encode(prompt);
        List<Live> live = new ArrayList<>();
        try (Session root = model.newSession()) {
            float[][] prefill = root.append(promptIds);
            for (int i = 0; i < n; i++) {
                live.add(new Live(i, root.fork(), decoder.apply(rng), promptIds, prefill[prefill.length - 1]));
            }
        }
        try {
            List<Live> active = new ArrayList<>(live);
            while (!active.isEmpty()) {
                int[] next = new int[active.size()];
                List<Live> stepping = new ArrayList<>();
                for (int k = 0; k < active.size(); k++) {
                    Live c = active.get(k);
                    int t = c.decoder.next(c.history(), c.logits);
                    c.logProb += Softmax.logSoftmax(c.logits)[t];
                    c.generated++;
                    if (t == model.eosTokenId()) {
                        c.done = true;
                    } else {
                        next[stepping.size()] = t;
                        stepping.add(c);
                    }
                }
                int[] tokens = Arrays.copyOf(next, stepping.size());
                float[][] logits = stepping.isEmpty() ? new float[0][] : model.appendBatch(
                        stepping.stream().map(c -> c.session).toList(), tokens);
                for (int k = 0; k < stepping.size(); k++) {
                    Live c = stepping.get(k);
                    c.ids.add(tokens[k]);
                    c.logits = logits[k];
                    advance(c, tok);
                    if (c.generated >= maxNewTokens) c.done = true;
                }
                active.removeIf(c -> c.done);
            }
            List<Trace.Candidate> out = new ArrayList<>();
            int toolTokens = 0;
            for (Live c : live) {
                if (c.text.length() > c.segmentStart) {
                    c.segments.add(new Trace.Segment(Trace.Segment.Kind.MODEL, c.text.substring(c.segmentStart)));
                }
                String answer = parser.apply(c.text);
                out.add(new Trace.Candidate(c.index, c.text, List.copyOf(c.segments), answer == null ? "" : answer,
                        Double.NaN, c.generated, c.logProb));
                toolTokens += c.toolTokens;
            }
            return new Batch(out, promptIds.length, toolTokens);
        } finally {
            live.forEach(c -> c.session.close());
        }
    }

    /** After a token: update the text, stop at a stop string, or serve a tool call. */
    private void advance(Live c, Tokenizer tok) {
        String before = c.text;
        c.text = tok.decode(c.ids.stream().mapToInt(Integer::intValue).toArray());
        for (String s : stops) {
            int at = c.text.indexOf(s, Math.max(0, before.length() - s.length()));
            if (at >= 0) {
                c.text = c.text.substring(0, at);
                c.done = true;
                return;
            }
        }
        if (tool == null) return;
        int open = c.text.lastIndexOf("<<");
        int eq = open < 0 ? -1 : c.text.indexOf('=', open);
        if (eq < 0 || c.text.indexOf(">>", open) >= 0 || eq < before.length()) return;
        String input = c.text.substring(open + 2, eq);
        ToolResult result = tool.call(input);
        // roll back the token that wrote '=' and prefill the text up to '=' plus the tool's answer instead
        c.session.truncate(c.session.length() - 1);
        c.ids.remove(c.ids.size() - 1);
        String injected = c.text.substring(before.length(), eq + 1) + result.toolText() + ">>";
        int[] ids = tok.encode(injected);
        float[][] logits = c.session.append(ids);
        c.logits = logits[logits.length - 1];
        for (int id : ids) c.ids.add(id);
        c.toolTokens += ids.length;
        c.segments.add(new Trace.Segment(Trace.Segment.Kind.MODEL, c.text.substring(c.segmentStart, open + 2)));
        c.segments.add(new Trace.Segment(Trace.Segment.Kind.TOOL_CALL, input));
        c.segments.add(new Trace.Segment(Trace.Segment.Kind.TOOL_RESULT, result.toolText()));
        c.text = before + injected;
        c.segmentStart = c.text.length();
    }

    /** A candidate being generated. */
    private static final class Live {
        final int index;
        final Session session;
        final Decoder decoder;
        final int[] promptIds;
        final List<Integer> ids = new ArrayList<>();
        final List<Trace.Segment> segments = new ArrayList<>();
        float[] logits;
        String text = "";
        int segmentStart;
        int generated;
        int toolTokens;
        double logProb;
        boolean done;

        Live(int index, Session session, Decoder decoder, int[] promptIds, float[] logits) {
            this.index = index;
            this.session = session;
            this.decoder = decoder;
            this.promptIds = promptIds;
            this.logits = logits;
        }

        /** Prompt and text so far, for history-dependent processors (repetition penalty, no-repeat n-grams). */
        int[] history() {
            int[] h = Arrays.copyOf(promptIds, promptIds.length + ids.size());
            for (int i = 0; i < ids.size(); i++) h[promptIds.length + i] = ids.get(i);
            return h;
        }
    }
}
