package inferlab.system;

import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * An {@link InferenceSystem} behind the completion interface, so that a harness, a server or a router can
 * call it. The system is built per request ({@code max_tokens} and stop strings come from the request) and
 * run with {@code new Random(request.seed)}; the completion text is the chosen candidate's text (the first
 * candidate's when none was chosen), and completion tokens count every sampled token of every candidate.
 *
 * <p>With {@code serial}, requests run one at a time, in arrival order of the lock (an in-process model on a
 * shared CPU gains nothing from interleaving unbatched requests).
 */
public final class SystemCompletionModel implements CompletionModel {
    private final String name;
    private final Function<CompletionRequest, InferenceSystem> system;
    private final boolean serial;

    public SystemCompletionModel(String name, Function<CompletionRequest, InferenceSystem> system, boolean serial) {
        this.name = name;
        this.system = system;
        this.serial = serial;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Completion complete(CompletionRequest request) {
        if (!serial) return run(request);
        synchronized (this) {
            return run(request);
        }
    }

    private Completion run(CompletionRequest request) {
        Trace t = system.apply(request).solve(request.prompt(), new Random(request.seed() == null ? 0 : request.seed()));
        Trace.Candidate c = t.chosenCandidate().orElse(t.candidates().get(0));
        return new Completion(List.of(new Completion.Choice(c.text(), List.of(), List.of(), List.of(), "stop")),
                t.promptTokens(), t.generatedTokens());
    }
}
