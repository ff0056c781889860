package inferlab.cli;

import com.google.gson.GsonBuilder;
import inferlab.Project;
import inferlab.model.Models;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import inferlab.speculative.AcceptanceStats;
import inferlab.speculative.SpeculativeBenchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench speculative}: speculative greedy decoding (draft model, then prompt lookup) against plain greedy
 * decoding of the target on prompts from the validation corpus; outputs are checked identical at run time.
 */
public final class SpeculativeBenchCommand implements Command {
    @Override
    public String usage() {
        return "speculative [--model DIR] [--draft DIR] [--corpus FILE] [--prompts N (4)] [--prompt-tokens N (64)]"
                + " [--tokens N (64)] [--gammas 1,2,3,4,6] [--seconds S (2)] [--runs R (3)]   speculative vs plain greedy";
    }

    @Override
    public void run(Options o, PrintStream out) throws IOException {
        boolean json = o.flag("json");
        String target = o.string("model", Project.data().resolve("models/target").toString());
        String draft = o.string("draft", Project.data().resolve("models/draft").toString());
        Path corpus = Path.of(o.string("corpus", Project.data().resolve("corpus/validation.txt").toString()));
        int count = o.integer("prompts", Project.size(4, 2));
        int promptTokens = o.integer("prompt-tokens", 64);
        int tokens = o.integer("tokens", Project.size(64, 16));
        int[] gammas = o.has("gammas") ? o.integers("gammas") : Project.quick() ? new int[] {2, 4} : new int[] {1, 2, 3, 4, 6};
        int runs = o.integer("runs", Project.size(3, 1));
        double seconds = o.number("seconds", Project.size(2, 1));
        o.requireAllRead();
        if (runs < 1 || !(seconds > 0)) throw new IllegalArgumentException("--runs must be at least 1, --seconds positive");
        if (!Files.isRegularFile(corpus)) throw new IllegalArgumentException("no corpus file " + corpus + " (--corpus FILE)");
        try (Transformer t = Models.load(target); Transformer d = Models.load(draft)) {
            if (t.vocabSize() != d.vocabSize()) {
                throw new IllegalArgumentException("target and draft vocabularies differ: " + t.vocabSize() + " vs "
                        + d.vocabSize());
            }
            Tokenizer tok = t.tokenizer().orElseThrow(() ->
                    new IllegalArgumentException("the target needs a tokenizer.json to encode corpus prompts"));
            List<int[]> prompts = SpeculativeBenchmark.corpusPrompts(tok, Files.readString(corpus), count, promptTokens);
            SpeculativeBenchmark.Report report = SpeculativeBenchmark.run(t, d, prompts, tokens, gammas, runs, seconds);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (SpeculativeBenchmark.Row r : report.rows()) {
                AcceptanceStats s = r.stats();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("drafter", r.drafter());
                m.put("gamma", r.gamma());
                m.put("seconds", r.seconds());
                m.put("speedup", r.speedup());
                m.put("speedup_min", r.speedups().min());
                m.put("speedup_max", r.speedups().max());
                m.put("alpha", s.alpha());
                m.put("tokens_per_target_step", s.tokensPerStep());
                m.put("predicted_tokens_per_target_step", s.predictedTokensPerStep());
                m.put("cost_ratio_c", s.costRatio());
                m.put("predicted_speedup", s.predictedSpeedup());
                rows.add(m);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("target", target);
            result.put("draft", draft);
            result.put("prompts", count);
            result.put("prompt_tokens", promptTokens);
            result.put("new_tokens", tokens);
            result.put("plain_greedy_seconds", report.plainSeconds());
            result.put("plain_greedy_tokens_per_s", report.plainTokensPerSecond());
            result.put("outputs_identical", true); // SpeculativeBenchmark throws otherwise
            result.put("rows", rows);
            if (json) {
                out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result));
                return;
            }
            out.printf("plain greedy: %s tokens/s (%d prompts x %d tokens); speculative outputs identical;"
                    + " speedup = median [min-max] over %d rounds of >= %.1f s, configurations taking turns%n",
                    report.plainTokensPerSecond().format(1), count, tokens, runs, seconds);
            out.print(Bench.table(new String[] {"drafter", "gamma", "alpha", "tok/step", "theory", "c", "speedup",
                    "predicted"}, rows.stream().map(m -> new Object[] {m.get("drafter"), m.get("gamma"),
                    f(m.get("alpha")), f(m.get("tokens_per_target_step")), f(m.get("predicted_tokens_per_target_step")),
                    f(m.get("cost_ratio_c")), f(m.get("speedup")) + " [" + f(m.get("speedup_min")) + "-" + f(m.get("speedup_max")) + "]",
                    f(m.get("predicted_speedup"))})
                    .toArray(Object[][]::new)));
        }
    }

    private static String f(Object x) {
        return String.format("%.2f", (Double) x);
    }
}
