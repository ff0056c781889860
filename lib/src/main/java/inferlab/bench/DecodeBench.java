package inferlab.bench;

import inferlab.measure.Measure;
import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Transformer;
import inferlab.prob.TopK;
import java.util.ArrayList;
import java.util.List;

/**
 * Decode throughput at batch 1: prefill a prompt (untimed), then time {@code tokens} single-token appends through
 * the model's KV cache (argmax feeding, so the work is exactly one forward step per token). Beside tokens/s it
 * counts the native (DJL) operations per token: for a small model their fixed cost, not arithmetic, sets the
 * speed.
 */
public final class DecodeBench {
    private DecodeBench() {}

    /** One model on one engine: tokens/s over the rounds, and native operations per decoded token. */
    public record Row(String model, String engine, long parameters, int promptLength, int tokens,
                      Measure.Figure tokensPerSecond, double nativeOpsPerToken) {}

    /** A named model to measure. */
    public record Entry(String name, LanguageModel model, String engine, long parameters) {}

    /** Every entry for at least {@code seconds} per round, the entries taking turns (see {@link Measure}). */
    public static List<Row> run(List<Entry> entries, int promptLength, int tokens, double seconds, int repeats) {
        List<Measure.Contender> contenders = new ArrayList<>();
        long[] ops = new long[entries.size()];
        long[] decoded = new long[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            int k = i;
            LanguageModel model = entries.get(i).model();
            contenders.add(new Measure.Contender(entries.get(i).name(), () -> {
                Measure.Work w = decode(model, promptLength, tokens, ops, k);
                decoded[k] += tokens;
                return w;
            }));
        }
        List<Measure.Figure> figures = Measure.rates(contenders, seconds, repeats);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            rows.add(new Row(e.name(), e.engine(), e.parameters(), promptLength, tokens, figures.get(i),
                    (double) ops[i] / decoded[i]));
        }
        return rows;
    }

    /**
     * The standard set: the three HF fixture models, the embedded target and draft, and a random GPT-2-small-shaped
     * model (124M), each on both engines, all taking turns.
     */
    public static List<Row> standard(java.nio.file.Path home, int tokens, double seconds, int repeats) {
        java.nio.file.Path fixtures = home.resolve("lib/src/test/resources/hf-reference/models");
        List<Transformer> open = new ArrayList<>();
        try {
            List<Entry> entries = new ArrayList<>();
            java.util.Map<String, java.nio.file.Path> dirs = new java.util.LinkedHashMap<>();
            for (String name : new String[] {"gpt2-tiny", "llama-tiny", "qwen2-tiny"}) dirs.put(name, fixtures.resolve(name));
            dirs.put("target", home.resolve("data/models/target"));
            dirs.put("draft", home.resolve("data/models/draft"));
            for (var d : dirs.entrySet()) open.add(Transformer.load(d.getValue()));
            open.add(Transformer.random(inferlab.model.HfConfig.gpt2(50257, 768, 12, 12, 1024), new java.util.Random(0)));
            List<String> names = new ArrayList<>(dirs.keySet());
            names.add("gpt2-small-random");
            for (int i = 0; i < open.size(); i++) {
                Transformer m = open.get(i);
                for (Transformer.Engine e : new Transformer.Engine[] {Transformer.Engine.DJL, Transformer.Engine.JAVA}) {
                    entries.add(new Entry(names.get(i), m.on(e), e.name().toLowerCase(java.util.Locale.ROOT), m.parameterCount()));
                }
            }
            return run(entries, 16, tokens, seconds, repeats);
        } finally {
            open.forEach(Transformer::close);
        }
    }

    /** One run: an untimed prefill, then {@code tokens} timed steps; adds the steps' native operations to ops[k]. */
    static Measure.Work decode(LanguageModel model, int promptLength, int tokens, long[] ops, int k) {
        int[] prompt = prompt(model, promptLength);
        try (Session s = model.newSession()) {
            float[] last = s.append(prompt)[promptLength - 1];
            long before = Transformer.nativeOperations();
            long start = System.nanoTime();
            for (int i = 0; i < tokens; i++) last = s.append(TopK.argmax(last))[0];
            double seconds = (System.nanoTime() - start) / 1e9;
            ops[k] += Transformer.nativeOperations() - before;
            return new Measure.Work(tokens, seconds);
        }
    }

    /** A fixed prompt of in-vocabulary ids. */
    static int[] prompt(LanguageModel model, int length) {
        int[] prompt = new int[length];
        for (int i = 0; i < length; i++) prompt[i] = (31 * i + 7) % model.vocabSize();
        return prompt;
    }
}
