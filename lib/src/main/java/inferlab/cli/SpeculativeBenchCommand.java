package inferlab.cli;

import com.google.gson.GsonBuilder;
import inferlab.Project;
import inferlab.model.Models;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import inferlab.speculative.AcceptanceStats;
import inferlab.study.SpeculativeBenchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code bench speculative}: speculative greedy decoding (draft model, then prompt lookup) against plain greedy
 * decoding of the target on prompts from the validation corpus; outputs are checked identical at run time.
 */
@picocli.CommandLine.Command(name = "speculative", description = "Speculative vs plain greedy decoding.")
public final class SpeculativeBenchCommand implements Command {
    @Option(names = "--json")
    boolean json;
    @Option(names = "--model", paramLabel = "DIR", description = "target, default ${DEFAULT-VALUE}")
    String target = Models.targetDir().toString();
    @Option(names = "--draft", paramLabel = "DIR", description = "default ${DEFAULT-VALUE}")
    String draft = Models.draftDir().toString();
    @Option(names = "--corpus", paramLabel = "FILE", description = "default ${DEFAULT-VALUE}")
    Path corpus = Project.data().resolve("corpus/validation.txt");
    @Option(names = "--prompts", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int count = Project.size(4, 2);
    @Option(names = "--prompt-tokens", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int promptTokens = 64;
    @Option(names = "--tokens", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int tokens = Project.size(64, 16);
    @Option(names = "--gammas", paramLabel = "N,N,...", split = ",", description = "draft lengths, default ${DEFAULT-VALUE}")
    int[] gammas = Project.quick() ? new int[] {2, 4} : new int[] {1, 2, 3, 4, 6};
    @Option(names = "--runs", paramLabel = "N", description = "rounds, default ${DEFAULT-VALUE}")
    int runs = Project.size(3, 1);
    @Option(names = "--seconds", paramLabel = "S", description = "seconds per configuration and round, default ${DEFAULT-VALUE}")
    double seconds = Project.size(2, 1);

    @Override
    public void run(PrintStream out) throws IOException {
        Limits.range("--prompts", count, 1, 10_000);
        Limits.range("--prompt-tokens", promptTokens, 1, Limits.MAX_BENCH_TOKENS);
        Limits.range("--tokens", tokens, 1, Limits.MAX_BENCH_TOKENS);
        for (int g : gammas) Limits.range("--gammas", g, 1, 64);
        Limits.range("--runs", runs, 1, Limits.MAX_RUNS);
        if (!(seconds > 0 && seconds <= 3600)) throw new IllegalArgumentException("--seconds must be in (0, 3600]");
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
                m.put("cost_ratio_c", r.c());
                m.put("verify_cost_v", r.v());
                m.put("predicted_speedup", s.predictedSpeedup(r.c()));
                m.put("predicted_speedup_measured_v", s.predictedSpeedup(r.c(), r.v()));
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
            result.put("target_steps_per_s", report.steps().target());
            result.put("draft_steps_per_s", report.steps().draft());
            result.put("outputs_identical", true); // SpeculativeBenchmark throws otherwise
            result.put("rows", rows);
            if (json) {
                out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result));
                return;
            }
            out.printf("plain greedy: %s tokens/s (%d prompts x %d tokens); speculative outputs identical;"
                    + " speedup = median [min-max] over %d rounds of >= %.1f s, configurations taking turns%n"
                    + "c = plain draft step, v = verification pass, both over a plain target step (%.0f us);"
                    + " predicted: Leviathan et al. (v = 1), then with the measured v%n",
                    report.plainTokensPerSecond().format(1), count, tokens, runs, seconds, report.steps().targetNanos() / 1e3);
            out.print(Bench.table(new String[] {"drafter", "gamma", "alpha", "tok/step", "theory", "c", "v", "speedup",
                    "predicted", "with v"}, rows.stream().map(m -> new Object[] {m.get("drafter"), m.get("gamma"),
                    f(m.get("alpha")), f(m.get("tokens_per_target_step")), f(m.get("predicted_tokens_per_target_step")),
                    f(m.get("cost_ratio_c")), f(m.get("verify_cost_v")),
                    f(m.get("speedup")) + " [" + f(m.get("speedup_min")) + "-" + f(m.get("speedup_max")) + "]",
                    f(m.get("predicted_speedup")), f(m.get("predicted_speedup_measured_v"))})
                    .toArray(Object[][]::new)));
        }
    }

    private static String f(Object x) {
        return String.format("%.2f", (Double) x);
    }
}
