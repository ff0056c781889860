package inferlab.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Best-of-N with a verifier (Cobbe et al., 2021): sample N completions, score each (problem, solution)
 * pair, return the answer of the highest-scoring one, {@code answer(argmax_i r(x, y_i))}.
 */
public record BestOfN(CandidateSource completer, int n, Scorer scorer) implements InferenceSystem {

    /** Scores a candidate solution of a problem; higher is more likely correct. */
    @FunctionalInterface
    public interface Scorer {
        double score(String problem, String solution);
    }

    @Override
    public String name() {
        return "best-of-" + n + (completer.tool() == null ? "" : "+tool");
    }

    @Override
    public Trace solve(String prompt, RandomGenerator rng) {
        long t0 = System.nanoTime();
        CandidateSource.Batch b = completer.complete(prompt, n, rng);
        List<Trace.Candidate> scored = new ArrayList<>();
        for (Trace.Candidate c : b.candidates()) scored.add(c.withScore(scorer.score(prompt, c.text())));
        Trace.Candidate best = scored.stream().max(Comparator.comparingDouble(Trace.Candidate::score)).orElseThrow();
        return new Trace(name(), prompt, scored,
                String.format(java.util.Locale.ROOT, "reward model: best is #%d (%.3f)", best.index(), best.score()),
                best.answer(), best.index(), b.promptTokens(), scored.stream().mapToInt(Trace.Candidate::generatedTokens).sum(),
                b.toolTokens(), Duration.ofNanos(System.nanoTime() - t0));
    }
}
