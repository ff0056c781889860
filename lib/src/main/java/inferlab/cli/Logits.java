package inferlab.cli;

import com.google.gson.Gson;
import inferlab.model.Session;
import inferlab.model.Transformer;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Mixin;

/** {@code logits}: the next-token logits at every prompt position. */
@picocli.CommandLine.Command(name = "logits",
        description = "Next-token logits at every prompt position: {\"logits\": [[...], ...]}, one row per position.")
public final class Logits implements Command {
    @Mixin
    ModelInput input;

    @Override
    public void run(PrintStream out) {
        try (Transformer model = input.model()) {
            int[] ids = input.prompt(model, 0);
            try (Session s = model.newSession()) {
                out.println(new Gson().toJson(Map.of("logits", s.append(ids))));
            }
        }
    }
}
