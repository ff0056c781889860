package inferlab.cli;

import com.google.gson.Gson;
import inferlab.model.LanguageModel;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code score}: teacher-forced log p(x_t | x_{<t}) for t >= 2 and their sum. */
public final class Score implements Command {
    @Override
    public String usage() {
        return "score [--model DIR] --ids 1,2,3 | --text \"...\"   -> {\"logprobs\": [...], \"sum\": x}"
                + " (log p of each token after the first, natural log)";
    }

    @Override
    public void run(Options o, PrintStream out) {
        try (LanguageModel model = ModelInput.model(o)) {
            int[] ids = ModelInput.prompt(o, model);
            o.requireAllRead();
            if (ids.length < 2) throw new IllegalArgumentException("score needs at least two tokens");
            float[] lp = model.score(ids);
            double sum = 0;
            for (float x : lp) sum += x;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("logprobs", lp);
            r.put("sum", sum);
            out.println(new Gson().toJson(r));
        }
    }
}
