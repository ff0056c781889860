package inferlab.system;

import inferlab.decode.SamplingParams;
import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import inferlab.tool.Tool;
import inferlab.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Produces N candidate completions of one prompt from any {@link CompletionModel}: an OpenAI-compatible server
 * (vLLM, llama.cpp, TGI, SGLang, {@code bin/inferlab serve}) or an in-process engine. Only text and per-token
 * log-probabilities cross the API, so this works wherever logits are out of reach.
 *
 * <p>Without a tool all N candidates are one request with {@code n = N}. With a tool the API cannot pause
 * generation at {@code <<INPUT=}, so each candidate is a conversation of requests: generation stops at
 * {@code >>}; if the text holds {@code <<INPUT=}, whatever the model wrote after the {@code =} (its guess at the
 * result) is dropped, the tool's answer and {@code >>} are appended to the prompt, and generation resumes. Every
 * sampled token counts as generated, dropped guesses included: the server spent them. A stateless server
 * prefills the grown prompt again each round; {@code toolTokens} counts the tokens by which the prompt grew
 * beyond the kept model text.
 *
 * <p>A model that writes {@code >>} outside a tool call ends its candidate there, where {@link Completer}
 * would go on.
 *
 * @param settings sampling and length: temperature, top-p, top-k, min-p, max tokens per candidate and stop
 *                 strings (its prompt, n and seed are ignored; seeds come from the system's generator)
 * @param tool     null for no tool use
 * @param parser   extracts the final answer from a completion; returns null or "" when there is none
 */
public record RemoteCompleter(CompletionModel model, CompletionRequest settings, Tool tool,
                              Function<String, String> parser) implements CandidateSource {

    private static final String CLOSE = ">>";

    public RemoteCompleter withTool(Tool t) {
        return new RemoteCompleter(model, settings, t, parser);
    }

    @Override
    public Batch complete(String prompt, int n, RandomGenerator rng) {
        if (tool == null) {
            Completion c = model.complete(request(prompt, settings.maxTokens(), settings.stop(), n, rng));
            List<Trace.Candidate> out = new ArrayList<>();
            for (Completion.Choice choice : c.choices()) {
                out.add(candidate(out.size(), choice.text(),
                        List.of(new Trace.Segment(Trace.Segment.Kind.MODEL, choice.text())),
                        tokenCount(choice, c.completionTokens() / n), sum(choice.tokenLogprobs(), choice.tokenLogprobs().size())));
            }
            return new Batch(out, c.promptTokens(), 0);
        }
        List<String> stops = new ArrayList<>(settings.stop());
        if (!stops.contains(CLOSE)) stops.add(CLOSE);
        List<Trace.Candidate> out = new ArrayList<>();
        int promptTokens = 0, toolTokens = 0;
        for (int i = 0; i < n; i++) {
            String text = "";
            List<Trace.Segment> segments = new ArrayList<>();
            int segmentStart = 0, generated = 0, kept = 0, lastPromptTokens = -1;
            double logProb = 0;
            while (generated < settings.maxTokens()) {
                Completion c = model.complete(request(prompt + text, settings.maxTokens() - generated, stops, 1, rng));
                Completion.Choice choice = c.choices().get(0);
                if (lastPromptTokens < 0) promptTokens = c.promptTokens();
                else toolTokens += Math.max(0, c.promptTokens() - lastPromptTokens - kept);
                lastPromptTokens = c.promptTokens();
                generated += Math.max(1, tokenCount(choice, c.completionTokens()));
                String t = choice.text();
                int open = t.indexOf("<<");
                int eq = open < 0 ? -1 : t.indexOf('=', open);
                if (eq < 0) {
                    text += t;
                    logProb += sum(choice.tokenLogprobs(), choice.tokenLogprobs().size());
                    break;
                }
                kept = tokensCovering(choice.tokens(), eq + 1);
                logProb += sum(choice.tokenLogprobs(), kept);
                String input = t.substring(open + 2, eq);
                ToolResult result = tool.call(input);
                segments.add(new Trace.Segment(Trace.Segment.Kind.MODEL, (text + t.substring(0, open + 2)).substring(segmentStart)));
                segments.add(new Trace.Segment(Trace.Segment.Kind.TOOL_CALL, input));
                segments.add(new Trace.Segment(Trace.Segment.Kind.TOOL_RESULT, result.toolText()));
                text += t.substring(0, eq + 1) + result.toolText() + CLOSE;
                segmentStart = text.length();
            }
            if (text.length() > segmentStart) segments.add(new Trace.Segment(Trace.Segment.Kind.MODEL, text.substring(segmentStart)));
            out.add(candidate(i, text, segments, generated, logProb));
        }
        return new Batch(out, promptTokens, toolTokens);
    }

    private CompletionRequest request(String prompt, int maxTokens, List<String> stops, int n, RandomGenerator rng) {
        Long seed = SamplingParams.greedy(settings.temperature()) ? null : rng.nextLong();
        return new CompletionRequest(prompt, maxTokens, settings.temperature(), settings.topP(), settings.topK(),
                settings.minP(), seed, stops, n, 0, false);
    }

    private Trace.Candidate candidate(int index, String text, List<Trace.Segment> segments, int generated, double logProb) {
        String answer = parser.apply(text);
        return new Trace.Candidate(index, text, List.copyOf(segments), answer == null ? "" : answer, Double.NaN,
                generated, logProb);
    }

    /** The choice's token count: from its log-probabilities, or the usage figure for servers that omit them. */
    private static int tokenCount(Completion.Choice choice, int usage) {
        return choice.tokens().isEmpty() ? usage : choice.tokens().size();
    }

    /** The number of leading tokens whose text reaches {@code chars} characters. */
    private static int tokensCovering(List<String> tokens, int chars) {
        int k = 0;
        for (int len = 0; k < tokens.size() && len < chars; k++) len += tokens.get(k).length();
        return k;
    }

    private static double sum(List<Double> logprobs, int k) {
        double s = 0;
        for (int i = 0; i < k; i++) s += logprobs.get(i);
        return s;
    }
}
