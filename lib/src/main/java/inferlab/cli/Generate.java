package inferlab.cli;

import com.google.gson.Gson;
import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.prob.Softmax;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code generate}: greedy continuation of the prompt, stopping after {@code --max-new-tokens} or at the
 * end-of-sequence token (which is kept).
 */
public final class Generate implements Command {
    @Override
    public String usage() {
        return "generate [--model DIR] --ids 1,2,3 | --text \"...\" [--max-new-tokens N (32)]   -> greedy;"
                + " {\"sequences\": [[new ids]], \"scores\": [sum of the new tokens' log-probs], \"text\": ...}";
    }

    @Override
    public void run(Options o, PrintStream out) {
        try (LanguageModel model = ModelInput.model(o)) {
            int[] prompt = ModelInput.prompt(o, model);
            int maxNew = o.integer("max-new-tokens", 32);
            if (maxNew < 1) throw new IllegalArgumentException("--max-new-tokens must be at least 1");
            boolean text = o.has("text");
            o.requireAllRead();
            int[] generated = new int[maxNew];
            int n = 0;
            double logProb = 0;
            try (Session s = model.newSession()) {
                float[][] rows = s.append(prompt);
                float[] logits = rows[rows.length - 1];
                while (n < maxNew) {
                    int next = argmax(logits);
                    logProb += Softmax.logSoftmax(logits)[next];
                    generated[n++] = next;
                    if (next == model.eosTokenId() || n == maxNew) break;
                    logits = s.append(next)[0];
                }
            }
            int[] sequence = Arrays.copyOf(generated, n);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("sequences", List.of(sequence));
            r.put("scores", List.of(logProb));
            if (text) r.put("text", List.of(model.tokenizer().orElseThrow().decode(sequence)));
            out.println(new Gson().toJson(r));
        }
    }

    private static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }
}
