package inferlab.cli;

import com.google.gson.Gson;
import inferlab.model.LanguageModel;
import inferlab.model.Session;
import java.io.PrintStream;
import java.util.Map;

/** {@code logits}: the next-token logits at every prompt position. */
public final class Logits implements Command {
    @Override
    public String usage() {
        return "logits [--model DIR] --ids 1,2,3 | --text \"...\"   -> {\"logits\": [[...], ...]} one row per position";
    }

    @Override
    public void run(Options o, PrintStream out) {
        try (LanguageModel model = ModelInput.model(o)) {
            int[] ids = ModelInput.prompt(o, model);
            o.requireAllRead();
            try (Session s = model.newSession()) {
                out.println(new Gson().toJson(Map.of("logits", s.append(ids))));
            }
        }
    }
}
