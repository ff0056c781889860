package inferlab.system;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** One completion, answer parsed from it: greedy decoding, one sample, or either with a tool. */
public record SingleSample(String name, CandidateSource completer) implements InferenceSystem {

    @Override
    public Trace solve(String prompt, RandomGenerator rng) {
        long t0 = System.nanoTime();
        CandidateSource.Batch b = completer.complete(prompt, 1, rng);
        Trace.Candidate c = b.candidates().get(0);
        return new Trace(name, prompt, b.candidates(), "single completion", c.answer(), 0, b.promptTokens(),
                c.generatedTokens(), b.toolTokens(), Duration.ofNanos(System.nanoTime() - t0));
    }
}
