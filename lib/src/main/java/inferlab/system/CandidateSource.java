package inferlab.system;

import inferlab.tool.Tool;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Where a system gets its N candidate completions of a prompt: an in-process model ({@link Completer}) or any
 * {@link inferlab.model.CompletionModel}, a remote engine included ({@link RemoteCompleter}). Systems depend
 * on this alone, so they run unchanged on either.
 */
public interface CandidateSource {

    /** The candidates of one prompt, the prompt's token count and the tokens that tool results added. */
    record Batch(List<Trace.Candidate> candidates, int promptTokens, int toolTokens) {}

    Batch complete(String prompt, int n, RandomGenerator rng);

    /** The tool candidates may call, or null. */
    Tool tool();
}
