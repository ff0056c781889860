package inferlab.train;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import inferlab.task.Calculator;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.Project;
import inferlab.model.NGramModel;
import inferlab.model.Transformer;
import inferlab.task.Item;
import inferlab.task.Task;
import inferlab.task.TaskSets;
import inferlab.task.WordProblems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The measured numbers of a model card: held-out perplexity, draft/target greedy agreement, task accuracy.
 *
 * <p>The n-gram baseline is modified interpolated Kneser–Ney trained on the corpus train split (same
 * tokenizer). Held-out text is cut into consecutive chunks of {@code context} tokens, each scored from a fresh session,
 * so no position sees more context than the model was trained with and every model sees the same chunks.
 */
public final class ModelReport {
    private ModelReport() {}

    /**
     * Perplexity per token, exp(-(1/N) sum log p(x_t | x_{<t})), over the chunks of the first {@code maxTokens}
     * tokens of {@code tokens}; the first token of each chunk is context only.
     */
    public static double perplexity(LanguageModel model, int[] tokens, int context, int maxTokens) {
        double sum = 0;
        long n = 0;
        int end = Math.min(tokens.length, maxTokens);
        for (int start = 0; start + 1 < end; start += context) {
            int[] chunk = java.util.Arrays.copyOfRange(tokens, start, Math.min(end, start + context));
            if (chunk.length < 2) break;
            for (float lp : model.score(chunk)) sum += lp;
            n += chunk.length - 1;
        }
        return Math.exp(-sum / n);
    }

    /**
     * Greedy next-token agreement: the fraction of positions where argmax of the draft's next-token
     * distribution equals the target's, with both conditioned on the same held-out prefix. Under greedy
     * speculative decoding this is the per-token acceptance rate alpha.
     */
    public static double agreement(LanguageModel draft, LanguageModel target, int[] tokens, int context, int maxTokens) {
        long same = 0, n = 0;
        int end = Math.min(tokens.length, maxTokens);
        for (int start = 0; start < end; start += context) {
            int[] chunk = java.util.Arrays.copyOfRange(tokens, start, Math.min(end, start + context));
            try (Session d = draft.newSession(); Session t = target.newSession()) {
                float[][] dl = d.append(chunk);
                float[][] tl = t.append(chunk);
                for (int i = 0; i < chunk.length; i++) {
                    if (argmax(dl[i]) == argmax(tl[i])) same++;
                    n++;
                }
            }
        }
        return same / (double) n;
    }

    /**
     * Greedy continuation of {@code prompt} until end-of-text or {@code maxNew} tokens. With {@code calculator},
     * whenever the generated text ends inside an open annotation {@code <<EXPR=}, the tool's result and
     * {@code >>} are appended in place of whatever the model would have written (the model then continues from
     * the true value, as in GSM8K's calculator-annotated training data). Generation also stops when the session
     * reaches {@code maxContext} tokens, the length the model was trained on. Returns the generated text.
     */
    public static String greedy(LanguageModel model, Tokenizer tokenizer, String prompt, int maxNew, int maxContext,
                                boolean calculator) {
        List<Integer> out = new ArrayList<>();
        try (Session s = model.newSession()) {
            float[][] rows = s.append(tokenizer.encode(prompt));
            float[] next = rows[rows.length - 1];
            while (out.size() < maxNew) {
                int id = argmax(next);
                if (id == model.eosTokenId() || s.length() >= maxContext) break;
                out.add(id);
                next = s.append(id)[0];
                if (calculator) {
                    String injected = complete(tokenizer.decode(toArray(out)));
                    if (injected != null) {
                        int[] ids = tokenizer.encode(injected);
                        if (s.length() + ids.length > maxContext) break;
                        for (int x : ids) out.add(x);
                        rows = s.append(ids);
                        next = rows[rows.length - 1];
                    }
                }
            }
        }
        return tokenizer.decode(toArray(out));
    }

    /** The calculator's completion of an open annotation, or null (also when the expression is malformed). */
    private static String complete(String text) {
        try {
            return Calculator.complete(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null;
        }
    }

    private static int[] toArray(List<Integer> xs) {
        return xs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Accuracy of one task: mean grade of greedy outputs on {@code items}. */
    public static double taskAccuracy(LanguageModel model, Tokenizer tokenizer, Task grader, List<Item> items,
                                      int maxContext, boolean calculator) {
        double sum = 0;
        for (Item item : items) {
            int budget = tokenizer.encode(" " + item.answer()).length + 16;
            sum += grader.score(item, greedy(model, tokenizer, item.prompt(), budget, maxContext, calculator));
        }
        return sum / items.size();
    }

    /** The held-out corpus text of one split as one token stream, documents separated by end-of-text. */
    public static int[] corpusTokens(Tokenizer tokenizer, String split, int eos) {
        List<Integer> out = new ArrayList<>();
        for (String doc : Corpus.documents(Project.data().resolve("corpus"), split)) {
            for (int id : tokenizer.encode(doc)) out.add(id);
            out.add(eos);
        }
        return toArray(out);
    }

    /**
     * {@code ModelReport <target dir> <draft dir> <report.json> [target|draft]}: the numbers of the model card,
     * merged into {@code report.json}. Part {@code target} measures the target alone (test perplexity, the
     * Kneser–Ney baseline, validation task accuracy); part {@code draft} the draft's perplexity and the
     * draft/target agreement; no part means both. Sample sizes shrink in quick mode.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: ModelReport <target dir> <draft dir> <report.json> [target|draft]");
            System.exit(2);
        }
        String part = args.length == 4 ? args[3] : "all";
        Path out = Path.of(args[2]);
        int maxTokens = Project.size(65_536, 2_048);
        int items = Project.size(100, 5);
        JsonObject report = Files.exists(out) ? JsonParser.parseString(Files.readString(out)).getAsJsonObject() : new JsonObject();
        try (Transformer target = Transformer.load(Path.of(args[0]))) {
            Tokenizer tok = target.tokenizer().orElseThrow();
            int context = target.config().maxPositions();
            int[] test = corpusTokens(tok, "test", target.eosTokenId());
            report.addProperty("test_tokens_total", test.length);
            report.addProperty("test_tokens_scored", Math.min(test.length, maxTokens));
            report.addProperty("context", context);
            report.addProperty("target_parameters", target.parameterCount());
            if (!part.equals("draft")) {
                report.addProperty("target_test_perplexity", perplexity(target, test, context, maxTokens));
                int[] train = corpusTokens(tok, "train", target.eosTokenId());
                JsonObject ngram = new JsonObject();
                for (int n = 2; n <= 5; n++) {
                    NGramModel g = NGramModel.train(train, target.vocabSize(), n, new NGramModel.Smoothing.KneserNey(true));
                    ngram.addProperty(String.valueOf(n), perplexity(g, test, context, maxTokens));
                }
                report.add("kneser_ney_test_perplexity_by_order", ngram);
                report.addProperty("task_items", items);
                JsonObject tasks = new JsonObject();
                for (String name : TaskSets.TRAIN_SIZES.keySet()) {
                    List<Item> sample = TaskSets.load(name, "validation").subList(0, items);
                    Task grader = TaskSets.grader(name);
                    JsonObject t = new JsonObject();
                    t.addProperty("accuracy", taskAccuracy(target, tok, grader, sample, context, false));
                    if (name.equals(WordProblems.NAME)) {
                        t.addProperty("accuracy_with_calculator", taskAccuracy(target, tok, grader, sample, context, true));
                    }
                    tasks.add(name, t);
                }
                report.add("target_validation_tasks", tasks);
            }
            if (!part.equals("target")) {
                try (Transformer draft = Transformer.load(Path.of(args[1]))) {
                    report.addProperty("draft_parameters", draft.parameterCount());
                    report.addProperty("draft_test_perplexity", perplexity(draft, test, context, maxTokens));
                    report.addProperty("greedy_agreement", agreement(draft, target, test, context, maxTokens));
                }
            }
        }
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(report);
        Files.writeString(out, json + "\n");
        System.out.println(json);
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }
}
