package inferlab.cli;

import com.google.gson.Gson;
import inferlab.model.Transformer;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;

/** {@code score}: teacher-forced log p(x_t | x_{<t}) for t >= 2 and their sum. */
@picocli.CommandLine.Command(name = "score", description = "Log p of each token after the first (natural log) and"
        + " their sum: {\"logprobs\": [...], \"sum\": x}.")
public final class ScoreCommand implements Command {
    @Mixin
    ModelInput input;

    @Override
    public void run(PrintStream out) {
        try (Transformer model = input.model()) {
            int[] ids = input.prompt(model, 0);
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
